package dev.codeloop.lsp.handler;

import dev.codeloop.action.ActionResult;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.settings.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a prose answer: written to {@code <dir>/<name>-<n>.md} and opened with {@code
 * window/showDocument} where the client supports it, else sent whole with {@code
 * window/showMessage} (never cut). Never waits on a thread for the client.
 */
public final class AnswerPresenter {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerPresenter.class);

  private final SessionContext context;
  private final Path directory;
  private final Duration timeout;
  private final AtomicInteger counter = new AtomicInteger();

  public AnswerPresenter(SessionContext context, Path directory, Duration timeout) {
    this.context = context;
    this.directory = directory;
    this.timeout = timeout;
  }

  /**
   * Shows the answer; the future holds the URI of the answer document only when the client opened
   * it ({@code window/showDocument} answered success) — an answer sent as a message, or a document
   * the client did not show, gives empty, so the caller reports {@code "shown": false} and the
   * client opens the Markdown itself. Waits for the client's {@code showDocument} answer (up to the
   * timeout) by composing its future, never on a thread.
   */
  public CompletableFuture<Optional<String>> showAsync(ActionResult.Answer answer) {
    Optional<Path> file = write(answer);
    Optional<String> written = file.map(p -> p.toUri().toString());
    if (file.isEmpty() || !context.capabilities().showDocument()) {
      showAsMessage(answer);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String uri = written.get();
    ShowDocumentParams params = new ShowDocumentParams(uri);
    params.setTakeFocus(true);
    return Futures.now(() -> context.client().showDocument(params))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (r, failure) -> {
              if (failure == null && r != null && r.isSuccess()) {
                return Optional.of(uri);
              }
              if (failure != null) {
                LOG.info(
                    "showDocument failed ({}); sending the answer as a message",
                    Futures.unwrap(failure).toString());
              } else {
                LOG.info("Client did not show {}; sending the answer as a message", uri);
              }
              showAsMessage(answer);
              return Optional.<String>empty();
            });
  }

  /**
   * The result of a command that carries a document: {@code markdown} always, {@code answerUri}
   * only when the client opened it, {@code shown} saying which (docs/LSP-EXTENSIONS.md).
   */
  static void describe(
      com.fasterxml.jackson.databind.node.ObjectNode out,
      Optional<String> shownUri,
      String markdown) {
    shownUri.ifPresent(u -> out.put("answerUri", u));
    out.put("shown", shownUri.isPresent());
    out.put("markdown", markdown);
  }

  private void showAsMessage(ActionResult.Answer answer) {
    context.client().showMessage(new MessageParams(MessageType.Info, answer.markdown()));
  }

  private Optional<Path> write(ActionResult.Answer answer) {
    String stem = answer.name().replaceAll("[^A-Za-z0-9._-]", "-");
    try {
      PrivateFiles.directory(directory);
      for (int attempt = 0; attempt < 10_000; attempt++) {
        Path p = directory.resolve(stem + "-" + counter.incrementAndGet() + ".md");
        try {
          Files.writeString(
              p,
              answer.markdown(),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
          PrivateFiles.ownerOnly(p);
          return Optional.of(p);
        } catch (FileAlreadyExistsException e) {
          // another session wrote this number: try the next one
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot write the answer document under {}: {}", directory, e.toString());
    }
    return Optional.empty();
  }
}

package dev.codeloop.lsp.handler;

import dev.codeloop.action.ActionResult;
import dev.codeloop.lsp.SessionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a prose answer: written to {@code <dir>/<name>-<n>.md} and opened with {@code
 * window/showDocument} where the client supports it, else sent whole with {@code
 * window/showMessage} (never cut). Runs on request threads, never on the dispatch thread.
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

  /** Shows the answer; returns the URI of the answer document when one was written. */
  public Optional<String> show(ActionResult.Answer answer) {
    Optional<Path> file = write(answer);
    if (file.isPresent() && context.capabilities().showDocument()) {
      String uri = file.get().toUri().toString();
      ShowDocumentParams params = new ShowDocumentParams(uri);
      params.setTakeFocus(true);
      try {
        ShowDocumentResult r =
            context.client().showDocument(params).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r != null && r.isSuccess()) {
          return Optional.of(uri);
        }
        LOG.info("Client did not show {}; sending the answer as a message", uri);
      } catch (ExecutionException | TimeoutException e) {
        LOG.info("showDocument failed ({}); sending the answer as a message", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    context.client().showMessage(new MessageParams(MessageType.Info, answer.markdown()));
    return file.map(p -> p.toUri().toString());
  }

  private Optional<Path> write(ActionResult.Answer answer) {
    String stem = answer.name().replaceAll("[^A-Za-z0-9._-]", "-");
    try {
      Files.createDirectories(directory);
      for (int attempt = 0; attempt < 10_000; attempt++) {
        Path p = directory.resolve(stem + "-" + counter.incrementAndGet() + ".md");
        try {
          Files.writeString(
              p,
              answer.markdown(),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
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

package dev.codeloop.chat;

import dev.codeloop.action.ActionResult;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.action.ProjectFiles;
import dev.codeloop.action.TextRange;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.ask}: a one-off question, optionally about a file and range, answered as a
 * document.
 */
public final class AskService {
  private static final String SYSTEM =
      "You are Codeloop, a coding assistant. Answer in Markdown; put code in fenced blocks.";
  private static final int MAX_FILE_CHARS = 48_000;

  private final ModelPrompter prompter;
  private final PrivacyFilter privacy;

  /**
   * @param privacy a file it excludes (secret-looking, ignored, {@code privacy.excludeGlobs}) is
   *     never sent, even when the user asks about it while it is open
   */
  public AskService(ModelPrompter prompter, PrivacyFilter privacy) {
    this.prompter = prompter;
    this.privacy = privacy;
  }

  /** The answer, without waiting for it; cancelling the future cancels the model request. */
  public CompletableFuture<ActionResult.Answer> askAsync(
      String question,
      Optional<DocumentSnapshot> document,
      Optional<TextRange> range,
      ProjectFiles files,
      CancelChecker cancel) {
    if (document.isPresent() && privacy.excluded(document.get().uri())) {
      return CompletableFuture.failedFuture(
          CodeloopException.requestFailed(
              "Not sent: "
                  + PrivacyFilter.REASON
                  + " Ask without the file, or change the privacy settings in your user settings."));
    }
    StringBuilder user = new StringBuilder(question.strip());
    document.ifPresent(
        d -> {
          String path = Prompts.displayPath(d.uri(), files.roots());
          if (range.isPresent()) {
            var region = SymbolLocator.locate(d, range.get());
            user.append("\n\nAbout ")
                .append(region.describe())
                .append(" in ")
                .append(path)
                .append(":\n\n");
            user.append(Prompts.fence(d.languageId(), region.text()));
          } else {
            String content = d.content();
            if (content.length() > MAX_FILE_CHARS) {
              content = content.substring(0, MAX_FILE_CHARS) + "\n…(cut)";
            }
            user.append("\n\nThe file ")
                .append(path)
                .append(":\n\n")
                .append(Prompts.fence(d.languageId(), content));
          }
        });
    String title =
        question.strip().length() > 60 ? question.strip().substring(0, 59) + "…" : question.strip();
    CompletableFuture<String> answer =
        prompter.askAsync(
            Task.CHAT,
            SYSTEM,
            user.toString(),
            document.map(d -> List.of(d.uri())).orElse(List.of()),
            cancel);
    return Futures.cancelling(
        answer.thenApply(
            a -> new ActionResult.Answer("ask", title, "# " + title + "\n\n" + a.strip() + "\n")),
        answer);
  }
}

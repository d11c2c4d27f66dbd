package dev.codeloop.chat;

import dev.codeloop.action.ActionResult;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.action.ProjectFiles;
import dev.codeloop.action.TextRange;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.model.Task;
import java.util.Optional;
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

  public AskService(ModelPrompter prompter) {
    this.prompter = prompter;
  }

  public ActionResult.Answer ask(
      String question,
      Optional<DocumentSnapshot> document,
      Optional<TextRange> range,
      ProjectFiles files,
      CancelChecker cancel) {
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
    String answer = prompter.ask(Task.CHAT, SYSTEM, user.toString(), cancel).strip();
    String title =
        question.strip().length() > 60 ? question.strip().substring(0, 59) + "…" : question.strip();
    return new ActionResult.Answer("ask", title, "# " + title + "\n\n" + answer + "\n");
  }
}

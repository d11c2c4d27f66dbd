package dev.codeloop.action;

import dev.codeloop.action.edit.EditBuilder;
import dev.codeloop.action.edit.Reindent;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.model.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The shared "ask for a new version of these lines, replace them minimally" step of the edit
 * actions.
 */
public final class CodeRewriter {
  private final ModelPrompter prompter;
  private final ReplyParser parser;

  public CodeRewriter(ModelPrompter prompter, ReplyParser parser) {
    this.prompter = prompter;
    this.parser = parser;
  }

  public CompletableFuture<ActionResult> rewriteAsync(
      DocumentSnapshot snapshot,
      CodeRegion region,
      Task task,
      String system,
      String user,
      CancelChecker cancel) {
    return prompter
        .askAsync(task, system, user, cancel)
        .thenApply(reply -> replace(snapshot, region, reply));
  }

  private ActionResult replace(DocumentSnapshot snapshot, CodeRegion region, String reply) {
    String code = parser.code(reply, snapshot.languageId()).code();
    String replacement = Reindent.like(region.text(), stripFinalNewline(code));
    if (region.text().endsWith("\n") && !replacement.endsWith("\n")) {
      // the region ran up to an empty last line; fences never end with one
      replacement += region.text().endsWith("\r\n") ? "\r\n" : "\n";
    }
    return new ActionResult.Edits(
        List.of(EditBuilder.replace(snapshot, region.start(), region.end(), replacement)));
  }

  /** Asks for prose (Markdown) and returns it as it came. */
  public CompletableFuture<String> proseAsync(
      Task task, String system, String user, CancelChecker cancel) {
    return prompter.askAsync(task, system, user, cancel).thenApply(String::strip);
  }

  public ModelPrompter prompter() {
    return prompter;
  }

  public ReplyParser parser() {
    return parser;
  }

  private static String stripFinalNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}

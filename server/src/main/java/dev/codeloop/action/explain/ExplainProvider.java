package dev.codeloop.action.explain;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.AsyncActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.model.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** "Explain with AI": the selection, or the enclosing symbol, explained in a Markdown document. */
public final class ExplainProvider implements AsyncActionProvider {
  public static final String ID = "explain";

  private static final String SYSTEM =
      "You are a senior engineer explaining code to a colleague. Answer in Markdown: what the code"
          + " does, how, and anything surprising (edge cases, bugs, performance). Be concise.";

  private final CodeRewriter rewriter;

  public ExplainProvider(CodeRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean bindsToVersion(ActionData data) {
    return false;
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    if (context.inChatTranscript()) {
      return List.of();
    }
    return List.of(ActionProposal.answer("Explain with AI", ActionKinds.EXPLAIN, ID, Task.EXPLAIN));
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    var snapshot = request.snapshot();
    CodeRegion region = SymbolLocator.locate(snapshot, request.data().range());
    String path = Prompts.displayPath(snapshot.uri(), request.files().roots());
    String user =
        "Explain "
            + region.describe()
            + " from "
            + path
            + ":\n\n"
            + Prompts.fence(snapshot.languageId(), region.text());
    return rewriter
        .proseAsync(Task.EXPLAIN, SYSTEM, user, cancel)
        .thenApply(
            answer -> {
              String title =
                  "Explanation of " + (region.symbol().isEmpty() ? path : region.symbol());
              return new ActionResult.Answer(
                  "explain", title, "# " + title + "\n\n" + answer + "\n");
            });
  }
}

package dev.codeloop.action.refactor;

import dev.codeloop.action.ActionContext;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * "Refactor with AI": rewrites the selection (or the enclosing symbol), following the user's
 * instruction when one is given (argument {@code instruction}), as a minimal edit.
 */
public final class RefactorProvider implements AsyncActionProvider {
  public static final String ID = "refactor";

  /** Languages where rewriting code makes no sense. */
  static final Set<String> PROSE = Set.of("markdown", "plaintext", "");

  private static final String SYSTEM =
      "You are an expert programmer improving code in place. Keep behaviour unless asked otherwise,"
          + " keep the public API, follow the file's style. "
          + Prompts.CODE_ONLY;

  private final CodeRewriter rewriter;

  public RefactorProvider(CodeRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    if (PROSE.contains(context.snapshot().languageId())) {
      return List.of();
    }
    return List.of(
        ActionProposal.edit("Refactor with AI", ActionKinds.REFACTOR_REWRITE, ID, Task.REFACTOR));
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    var snapshot = request.snapshot();
    CodeRegion region = SymbolLocator.locate(snapshot, request.data().range());
    String instruction =
        request
            .data()
            .arg("instruction")
            .orElse("Improve readability, naming and structure; fix obvious bugs.");
    String user =
        "File: "
            + Prompts.displayPath(snapshot.uri(), request.files().roots())
            + "\nInstruction: "
            + instruction
            + "\n\nRewrite these lines ("
            + region.describe()
            + "):\n\n"
            + Prompts.fence(snapshot.languageId(), region.text());
    return rewriter.rewriteAsync(snapshot, region, Task.REFACTOR, SYSTEM, user, cancel);
  }
}

package dev.codeloop.action.docs;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.AsyncActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.action.source.LanguageStyle;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.model.Task;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * "Add documentation with AI": the symbol comes back with doc comments in the language's convention
 * (Javadoc, docstring, JSDoc, Go comments, Rust {@code ///}); the minimal diff makes the edit an
 * insertion of the comments only.
 */
public final class DocumentProvider implements AsyncActionProvider {
  public static final String ID = "docs";
  private static final Set<String> PROSE = Set.of("markdown", "plaintext", "json", "");

  private final CodeRewriter rewriter;

  public DocumentProvider(CodeRewriter rewriter) {
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
        ActionProposal.edit("Add documentation with AI", ActionKinds.DOCUMENT, ID, Task.DOCUMENT));
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    var snapshot = request.snapshot();
    CodeRegion region = SymbolLocator.locate(snapshot, request.data().range());
    String convention = LanguageStyle.docConvention(snapshot.languageId());
    String system =
        "You document code. Add or complete documentation using "
            + convention
            + ". Do not change any code: only add or update documentation comments. "
            + Prompts.CODE_ONLY;
    String user =
        "Document "
            + region.describe()
            + " (and its members) in "
            + Prompts.displayPath(snapshot.uri(), request.files().roots())
            + ":\n\n"
            + Prompts.fence(snapshot.languageId(), region.text());
    return rewriter.rewriteAsync(snapshot, region, Task.DOCUMENT, system, user, cancel);
  }
}

package dev.codeloop.lsp.handler;

import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionResult;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.lsp.convert.ActionDataCodec;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeAction/resolve}: does the work from the action's data (snapshot at the proposed
 * version, else ContentModified; cancelled when the document moves on) and fills in a minimal
 * {@code WorkspaceEdit}. Actions that run through a command are returned unchanged.
 */
public final class CodeActionResolveHandler {
  private final ActionEngine engine;
  private final ActionDataCodec codec;
  private final EditApplier edits;
  private final AnswerPresenter answers;
  private final WorkProgress progress;
  private volatile EditVerifier verifier;

  public CodeActionResolveHandler(
      ActionEngine engine,
      ActionDataCodec codec,
      EditApplier edits,
      AnswerPresenter answers,
      WorkProgress progress) {
    this.progress = progress;
    this.engine = engine;
    this.codec = codec;
    this.edits = edits;
    this.answers = answers;
  }

  /** Resolves without waiting; cancelling the future cancels the model request. */
  public CompletableFuture<CodeAction> resolveAsync(CodeAction action, CancelChecker cancel) {
    if (action.getCommand() != null || action.getEdit() != null) {
      return CompletableFuture.completedFuture(action);
    }
    return Futures.now(
        () -> {
          ActionData data = codec.decode(action.getData());
          CompletableFuture<ActionResult> resolving =
              progress.runAsync(
                  "Codeloop: " + (action.getTitle() != null ? action.getTitle() : data.actionId()),
                  () -> engine.resolveAsync(data, cancel));
          return Futures.cancelling(
              resolving.thenCompose(
                  result -> {
                    if (result instanceof ActionResult.Edits e) {
                      action.setEdit(edits.prepare(e));
                      EditVerifier v = verifier;
                      if (v != null) {
                        return v.verify(e)
                            .thenApply(
                                outcome -> {
                                  outcome.ifPresent(
                                      o -> action.setTitle(action.getTitle() + " — " + o));
                                  return action;
                                });
                      }
                    } else if (result instanceof ActionResult.Answer a) {
                      // Prose normally runs through the command; if it reaches resolve, show it
                      // from here.
                      return answers.showAsync(a).thenApply(uri -> action);
                    }
                    return CompletableFuture.completedFuture(action);
                  }),
              resolving);
        });
  }

  /**
   * Verifies AI edits before they are shown ({@code tools.verifyActions}); set once by the
   * composition root, which builds the tool runs after the action handlers.
   */
  public void verifyWith(
      dev.codeloop.document.DocumentStore documents,
      java.util.function.BooleanSupplier enabled,
      java.util.function.BooleanSupplier trusted,
      java.util.function.Supplier<java.util.List<java.nio.file.Path>> roots,
      java.util.function.Function<
              java.util.Map<java.nio.file.Path, String>,
              CompletableFuture<dev.codeloop.workspace.tool.ToolRunCommand.Report>>
          checks,
      java.util.function.Function<
              java.util.Map<java.nio.file.Path, String>,
              CompletableFuture<dev.codeloop.workspace.tool.ToolRunCommand.Report>>
          tests) {
    this.verifier =
        new EditVerifier(documents, enabled, trusted, roots, checks::apply, tests::apply);
  }

  /** Waits for {@link #resolveAsync}: for tests only, never on the request path. */
  public CodeAction resolve(CodeAction action, CancelChecker cancel) {
    return Futures.join(resolveAsync(action, cancel));
  }
}

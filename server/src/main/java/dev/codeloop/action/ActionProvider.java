package dev.codeloop.action;

import dev.codeloop.concurrent.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The SPI of the light bulb. {@link #propose} must be instant (no model, no I/O beyond the
 * snapshot); {@link #resolve} does the work when the user picks the action. Providers return values
 * only: they never talk to the client.
 */
public interface ActionProvider {

  /** A stable id, stored in {@link ActionData#providerId()}. */
  String id();

  List<ActionProposal> propose(ActionContext context);

  /**
   * Does the work of one proposed action. Runs on a request thread; long model calls pass {@code
   * cancel} on, which trips when the request is cancelled or the document moves on.
   *
   * @throws dev.codeloop.errors.CodeloopException for a reply that cannot be used (nothing is
   *     applied)
   */
  ActionResult resolve(ResolveRequest request, CancelChecker cancel);

  /**
   * The same, without waiting: what the request path calls. Providers that ask a model implement
   * {@link AsyncActionProvider}, which joins it in {@link #resolve} (for tests and tools); the
   * default runs {@link #resolve} at once, for providers without model calls.
   */
  default CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    return Futures.now(() -> CompletableFuture.completedFuture(resolve(request, cancel)));
  }

  /**
   * Whether the result is tied to the document version it was computed for. True for edits (typing
   * while the model works cancels them: nothing is applied); prose answers (explanations, plans)
   * stay useful when the user keeps typing, so their providers return false.
   */
  default boolean bindsToVersion(ActionData data) {
    return true;
  }
}

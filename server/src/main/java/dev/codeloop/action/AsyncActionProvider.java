package dev.codeloop.action;

import dev.codeloop.concurrent.Futures;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * An action provider that asks a model: it composes futures in {@link #resolveAsync} (what the
 * request path calls, so no request thread waits), and {@link #resolve} joins them, for tests and
 * tools.
 */
public interface AsyncActionProvider extends ActionProvider {
  @Override
  CompletableFuture<ActionResult> resolveAsync(ResolveRequest request, CancelChecker cancel);

  @Override
  default ActionResult resolve(ResolveRequest request, CancelChecker cancel) {
    return Futures.join(resolveAsync(request, cancel));
  }
}

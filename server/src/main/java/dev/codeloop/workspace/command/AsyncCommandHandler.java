package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.concurrent.Futures;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * A command that waits for a model, a tool or the client: it composes futures in {@link
 * #executeAsync} (what the request path calls, so no request thread waits), and {@link #execute}
 * joins them, for tests and tools.
 */
public interface AsyncCommandHandler extends CommandHandler {
  @Override
  CompletableFuture<JsonNode> executeAsync(CommandInvocation invocation, CancelChecker cancel);

  @Override
  default JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    return Futures.join(executeAsync(invocation, cancel));
  }
}

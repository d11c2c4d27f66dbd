package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.concurrent.Futures;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * One workspace command. Runs on a request thread; returns a JSON result (or null). Throws {@link
 * dev.codeloop.errors.CodeloopException} for bad arguments or failures.
 */
public interface CommandHandler {
  /**
   * Runs the command at once (short work). Commands that wait for a model, a tool or the client
   * implement {@link AsyncCommandHandler}, which joins {@link #executeAsync} here, for tests and
   * tools.
   */
  JsonNode execute(CommandInvocation invocation, CancelChecker cancel);

  /**
   * What the request path calls: commands that wait for a model or the client override it and
   * compose futures, so no request thread waits. The default runs {@link #execute} at once.
   */
  default CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    return Futures.now(() -> CompletableFuture.completedFuture(execute(invocation, cancel)));
  }
}

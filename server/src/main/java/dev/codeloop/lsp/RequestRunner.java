package dev.codeloop.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs request handlers off the dispatch thread with a {@link CancelChecker} tied to the LSP
 * request ({@code $/cancelRequest} cancels the returned future), and logs one line per request with
 * its duration. Failures travel in the future and are mapped to JSON-RPC errors by {@link
 * ErrorMapper}; cancellation is never swallowed.
 */
public final class RequestRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

  private final Executor executor;

  public RequestRunner(Executor executor) {
    this.executor = executor;
  }

  public <R> CompletableFuture<R> run(String method, Function<CancelChecker, R> work) {
    long start = System.nanoTime();
    LOG.debug(">> {}", method);
    CompletableFuture<R> future = CompletableFutures.computeAsync(executor, work);
    future.whenComplete(
        (r, t) -> {
          long micros = (System.nanoTime() - start) / 1000;
          if (t == null) {
            LOG.debug("<< {} {} ms", method, micros / 1000.0);
          } else {
            LOG.debug("<< {} failed after {} ms: {}", method, micros / 1000.0, t.toString());
          }
        });
    return future;
  }
}

package dev.codeloop.lsp;

import dev.codeloop.concurrent.DroppableTask;
import dev.codeloop.concurrent.Futures;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
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

  /** The session's requests not answered yet: cancelled when the session ends. */
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  public RequestRunner(Executor executor) {
    this.executor = executor;
  }

  /**
   * Cancels every request of the session still running or queued, as {@code $/cancelRequest} would,
   * and every request that arrives later: the session has ended (the client exited or the
   * connection closed), so nobody reads their answers. A model call still waiting is abandoned, and
   * work that would follow its reply (an answer document written, an edit computed) never starts.
   */
  public void cancelAll() {
    closed = true;
    for (CompletableFuture<?> f : inFlight) {
      f.cancel(true);
    }
  }

  public <R> CompletableFuture<R> run(String method, Function<CancelChecker, R> work) {
    long start = System.nanoTime();
    LOG.debug(">> {}", method);
    CompletableFuture<R> result = new CompletableFuture<>();
    CancelChecker cancel = new CompletableFutures.FutureCancelChecker(result);
    submit(
        result,
        () -> {
          try {
            result.complete(work.apply(cancel));
          } catch (Throwable t) {
            result.completeExceptionally(Futures.unwrap(t));
          }
        });
    return tracked(method, start, result);
  }

  /**
   * For handlers that wait for a model or the client: {@code work} runs on the request executor
   * (short CPU work only) and returns a future that the LSP response completes from; no thread
   * waits for it. {@code $/cancelRequest} (cancelling the returned future) cancels the inner future
   * and trips the {@link CancelChecker} handed to {@code work}.
   */
  public <R> CompletableFuture<R> runAsync(
      String method, Function<CancelChecker, CompletableFuture<R>> work) {
    long start = System.nanoTime();
    LOG.debug(">> {}", method);
    CompletableFuture<R> result = new CompletableFuture<>();
    start(result, work);
    return tracked(method, start, result);
  }

  /**
   * {@link #runAsync(String, Function)} for a request that a newer one can make pointless (a
   * completion, superseded by the next completion of its document or an edit): once {@code
   * superseded} completes, the request is answered {@code whenSuperseded} at once — also while it
   * still waits in the queue, where it then no longer holds a place ({@link DroppableTask}).
   */
  public <R> CompletableFuture<R> runAsync(
      String method,
      Function<CancelChecker, CompletableFuture<R>> work,
      CompletableFuture<?> superseded,
      Supplier<R> whenSuperseded) {
    long start = System.nanoTime();
    LOG.debug(">> {}", method);
    CompletableFuture<R> result = new CompletableFuture<>();
    superseded.whenComplete(
        (v, t) -> {
          if (!result.isDone()) {
            result.complete(whenSuperseded.get());
          }
        });
    start(result, work);
    return tracked(method, start, result);
  }

  private <R> void start(
      CompletableFuture<R> result, Function<CancelChecker, CompletableFuture<R>> work) {
    CancelChecker cancel = new CompletableFutures.FutureCancelChecker(result);
    submit(
        result,
        () -> {
          CompletableFuture<R> inner = Futures.now(() -> work.apply(cancel));
          Futures.cancelling(result, inner);
          Futures.relay(inner, result);
        });
  }

  /**
   * Queues {@code work} for a request thread; it does not run once {@code result} is done (the
   * editor cancelled the request, or it was answered as superseded), and a full queue drops it
   * then. A full queue of requests that all still wait fails {@code result} (answered
   * "overloaded").
   */
  private <R> void submit(CompletableFuture<R> result, Runnable work) {
    if (result.isDone()) {
      return;
    }
    try {
      executor.execute(
          new DroppableTask() {
            @Override
            public void run() {
              if (!result.isDone()) {
                work.run();
              }
            }

            @Override
            public boolean isAbandoned() {
              return result.isDone();
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Registers {@code future} as in flight until it completes (cancelled at once if the session has
   * already ended), and logs the request's end with its duration.
   */
  private <R> CompletableFuture<R> tracked(String method, long start, CompletableFuture<R> future) {
    inFlight.add(future);
    if (closed) {
      future.cancel(true);
    }
    future.whenComplete(
        (r, t) -> {
          inFlight.remove(future);
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

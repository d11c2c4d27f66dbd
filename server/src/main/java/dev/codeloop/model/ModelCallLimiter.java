package dev.codeloop.model;

import dev.codeloop.concurrent.Futures;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Bounds the model requests of one session (one editor) in flight: up to {@code maxInFlight} run at
 * once, up to {@code maxQueued} more wait their turn (started when one in flight finishes; no
 * thread waits), and any further request fails at once with {@link ModelException.Kind#OVERLOADED}.
 * So one editor firing requests at a hung model cannot queue unbounded work on the backend. A
 * queued request that is cancelled leaves the queue.
 */
public final class ModelCallLimiter implements ModelGateway {
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;
  public static final int DEFAULT_MAX_QUEUED = 32;

  private final ModelGateway delegate;
  private final int maxInFlight;
  private final int maxQueued;
  private final Deque<Waiting> queue = new ArrayDeque<>();
  private int inFlight;

  private record Waiting(
      Supplier<CompletableFuture<ModelReply>> call, CompletableFuture<ModelReply> result) {}

  public ModelCallLimiter(ModelGateway delegate) {
    this(delegate, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUED);
  }

  public ModelCallLimiter(ModelGateway delegate, int maxInFlight, int maxQueued) {
    if (maxInFlight < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("maxInFlight must be >= 1 and maxQueued >= 0");
    }
    this.delegate = delegate;
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    return submit(() -> delegate.completeAsync(request, cancel));
  }

  @Override
  public CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return submit(() -> delegate.streamAsync(request, cancel, onPartial));
  }

  @Override
  public RouteStatus status(Task task) {
    return delegate.status(task);
  }

  @Override
  public boolean usesWorkspaceContext(Task task) {
    return delegate.usesWorkspaceContext(task);
  }

  /** Requests running now (for tests and stats). */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Requests waiting for a slot (for tests and stats). */
  public synchronized int queued() {
    return queue.size();
  }

  private CompletableFuture<ModelReply> submit(Supplier<CompletableFuture<ModelReply>> call) {
    CompletableFuture<ModelReply> result = new CompletableFuture<>();
    synchronized (this) {
      if (inFlight >= maxInFlight) {
        if (queue.size() >= maxQueued) {
          return CompletableFuture.failedFuture(
              new ModelException(
                  ModelException.Kind.OVERLOADED,
                  null,
                  "too many model requests in flight for this editor ("
                      + maxInFlight
                      + "); try again"));
        }
        Waiting w = new Waiting(call, result);
        queue.add(w);
        result.whenComplete(
            (r, t) -> {
              synchronized (this) {
                queue.remove(w);
              }
            });
        return result;
      }
      inFlight++;
    }
    launch(call, result);
    return result;
  }

  private void launch(
      Supplier<CompletableFuture<ModelReply>> call, CompletableFuture<ModelReply> result) {
    CompletableFuture<ModelReply> inner = Futures.now(call);
    Futures.cancelling(result, inner);
    inner.whenComplete(
        (r, t) -> {
          release();
          if (t != null) {
            result.completeExceptionally(Futures.unwrap(t));
          } else {
            result.complete(r);
          }
        });
  }

  /** Frees a slot: the next queued request that is still wanted takes it. */
  private void release() {
    Waiting next;
    synchronized (this) {
      do {
        next = queue.poll();
      } while (next != null && next.result().isDone());
      if (next == null) {
        inFlight--;
        return;
      }
    }
    launch(next.call(), next.result());
  }
}

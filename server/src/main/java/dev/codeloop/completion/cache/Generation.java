package dev.codeloop.completion.cache;

import dev.codeloop.completion.Suggestion;
import dev.codeloop.concurrent.Futures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * One model call for one cursor context, shared by every request that can use its answer (the
 * request that started it, and later requests typing ahead into it). The call is cancelled once
 * nobody has been waiting for it for a grace period, so that typing into a suggestion still being
 * generated reuses it while an abandoned call stops soon.
 */
public final class Generation {
  private final CompletableFuture<List<Suggestion>> result = new CompletableFuture<>();
  private final AtomicInteger waiters = new AtomicInteger();
  private final int candidates;
  private final long graceNanos;
  private final LongSupplier clock;
  private volatile long abandonedSince;

  public Generation(int candidates, Duration grace, LongSupplier clock) {
    this.candidates = candidates;
    this.graceNanos = grace.toNanos();
    this.clock = clock;
    this.abandonedSince = clock.getAsLong();
  }

  /** A finished generation (for tests and pre-filled caches). */
  public static Generation of(List<Suggestion> suggestions, int candidates) {
    Generation g = new Generation(candidates, Duration.ZERO, System::nanoTime);
    g.complete(suggestions);
    return g;
  }

  public int candidates() {
    return candidates;
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** The suggestions if the generation finished normally, else null. */
  public List<Suggestion> now() {
    return result.isDone() && !result.isCompletedExceptionally() ? result.join() : null;
  }

  public void complete(List<Suggestion> suggestions) {
    result.complete(List.copyOf(suggestions));
  }

  public void fail(Throwable t) {
    result.completeExceptionally(t);
  }

  /** The checker handed to the model call: trips once the generation is finished or abandoned. */
  public CancelChecker modelCancelChecker() {
    return new CancelChecker() {
      @Override
      public void checkCanceled() {
        if (isCanceled()) {
          throw new CancellationException("completion no longer wanted");
        }
      }

      @Override
      public boolean isCanceled() {
        return result.isDone() || isAbandoned();
      }
    };
  }

  /**
   * Whether nobody has waited for the generation for its grace period (its call is told to stop).
   */
  public boolean isAbandoned() {
    return waiters.get() == 0 && clock.getAsLong() - abandonedSince > graceNanos;
  }

  /**
   * Joins the generation: the returned future completes with its suggestions (or its failure,
   * unwrapped). Nothing waits on a thread. While the future is pending the generation counts one
   * more waiter; completing or cancelling it (the request was superseded or cancelled) leaves, and
   * once nobody has been waiting for the grace period the model call's checker trips. Cancelling
   * the returned future never cancels the generation itself: a later request may still join it.
   */
  public CompletableFuture<List<Suggestion>> join() {
    waiters.incrementAndGet();
    CompletableFuture<List<Suggestion>> mine = new CompletableFuture<>();
    mine.whenComplete(
        (r, t) -> {
          // set before leaving, so the checker never sees no waiter with an old timestamp
          abandonedSince = clock.getAsLong();
          waiters.decrementAndGet();
        });
    Futures.relay(result, mine);
    return mine;
  }
}

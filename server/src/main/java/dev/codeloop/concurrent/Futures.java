package dev.codeloop.concurrent;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Small helpers for composing {@link CompletableFuture}s without waiting on a thread. */
public final class Futures {
  private Futures() {}

  /**
   * Runs {@code work} now and returns its future; a synchronous throw becomes a failed future, so
   * callers handle one failure path.
   */
  public static <T> CompletableFuture<T> now(Supplier<CompletableFuture<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The cause of a {@link CompletionException} / {@link ExecutionException} chain. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** Whether a future failed because it (or what it was waiting for) was cancelled. */
  public static boolean isCancellation(Throwable t) {
    return unwrap(t) instanceof CancellationException;
  }

  /**
   * Completes {@code to} as {@code from} completes: with its value, or with its failure unwrapped
   * ({@link #unwrap}).
   */
  public static <T> void relay(CompletableFuture<? extends T> from, CompletableFuture<T> to) {
    from.whenComplete(
        (r, t) -> {
          if (t != null) {
            to.completeExceptionally(unwrap(t));
          } else {
            to.complete(r);
          }
        });
  }

  /** Cancels {@code inner} once {@code outer} is cancelled (dependent futures do not do this). */
  public static <T> CompletableFuture<T> cancelling(CompletableFuture<T> outer, Future<?> inner) {
    outer.whenComplete(
        (r, t) -> {
          if (t != null && isCancellation(t)) {
            inner.cancel(true);
          }
        });
    return outer;
  }

  /**
   * Blocks until {@code future} is done, for tests and tools only (never on the request path):
   * returns its value or throws its failure unwrapped.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable c = unwrap(e);
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}

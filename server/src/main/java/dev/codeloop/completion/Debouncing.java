package dev.codeloop.completion;

import dev.codeloop.completion.context.CursorContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Server-side debounce of automatic completion requests. The quiet period adapts to where the
 * cursor is: shorter right after a trigger character ({@code .}, {@code (}, ...) or at the start of
 * an empty line, longer in the middle of a word (the user is likely to type on). A newer request of
 * the same kind for the same document supersedes the waiting one (its {@link CompletionTicket} is
 * cancelled), which then gives up at once. The quiet period is a timer on the scheduler; no thread
 * waits it out.
 */
public final class Debouncing {
  private static final String TRIGGER_CHARACTERS = ".(,[{:=> \t";

  /** The quiet period for an automatic request in this context. */
  public Duration delayFor(CursorContext ctx, int baseMs) {
    String line = ctx.linePrefix();
    if (baseMs <= 0) {
      return Duration.ZERO;
    }
    if (line.isBlank()) {
      return Duration.ofMillis(baseMs / 2);
    }
    char last = line.charAt(line.length() - 1);
    boolean atLineEnd = ctx.lineSuffix().isBlank();
    if (TRIGGER_CHARACTERS.indexOf(last) >= 0) {
      return Duration.ofMillis(atLineEnd ? baseMs / 3 : baseMs / 2);
    }
    if (CursorContext.isIdentifierPart(last)) {
      return Duration.ofMillis(atLineEnd ? baseMs : baseMs * 2L);
    }
    return Duration.ofMillis(baseMs);
  }

  /**
   * The quiet period as a timer on {@code scheduler}, not a waiting thread: the returned future
   * completes with true once {@code delay} passed, with false as soon as a newer request supersedes
   * this one (then the timer is cancelled). Cancelling the returned future cancels the timer. A
   * zero delay completes at once, on the caller's thread.
   */
  public CompletableFuture<Boolean> quietPeriod(
      CompletionTicket ticket, Duration delay, ScheduledExecutorService scheduler) {
    CompletableFuture<Boolean> quiet = new CompletableFuture<>();
    if (ticket.isSuperseded()) {
      quiet.complete(false);
      return quiet;
    }
    if (delay.isZero() || delay.isNegative()) {
      quiet.complete(true);
      return quiet;
    }
    ScheduledFuture<?> timer;
    try {
      timer = scheduler.schedule(() -> quiet.complete(true), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      quiet.completeExceptionally(e);
      return quiet;
    }
    quiet.whenComplete((r, t) -> timer.cancel(false));
    ticket.liveness().whenComplete((v, t) -> quiet.complete(false));
    return quiet;
  }
}

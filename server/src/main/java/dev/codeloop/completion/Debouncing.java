package dev.codeloop.completion;

import dev.codeloop.completion.context.CursorContext;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Server-side debounce of automatic completion requests. The quiet period adapts to where the
 * cursor is: shorter right after a trigger character ({@code .}, {@code (}, ...) or at the start of
 * an empty line, longer in the middle of a word (the user is likely to type on). A newer request
 * for the same document supersedes the waiting one (its {@link CompletionTicket} is cancelled),
 * which then gives up at once.
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
   * Waits out the quiet period. Returns false when a newer request superseded this one meanwhile;
   * throws {@link CancellationException} when the request itself was cancelled.
   */
  public boolean await(CompletionTicket ticket, Duration delay, CancelChecker cancel) {
    long deadline = System.nanoTime() + delay.toNanos();
    while (true) {
      cancel.checkCanceled();
      if (ticket.isSuperseded()) {
        return false;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        ticket
            .liveness()
            .get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
      } catch (CancellationException e) {
        return false;
      } catch (TimeoutException e) {
        // keep waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      } catch (ExecutionException e) {
        return false;
      }
    }
  }
}

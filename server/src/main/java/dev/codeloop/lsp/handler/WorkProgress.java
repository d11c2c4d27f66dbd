package dev.codeloop.lsp.handler;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.workspace.progress.Progress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;

/**
 * Shows that a command or a resolve waits for the model: a work-done progress through the session's
 * {@link Progress.Factory} when the client supports {@code window.workDoneProgress}; otherwise,
 * once the work has taken longer than {@link #STATUS_DELAY}, one {@code window/showMessage} status
 * line ("Codeloop: answering…"), so a client without progress still shows that something is
 * happening. Never required: the work runs either way.
 */
public final class WorkProgress {
  /** How long work runs before a client without progress support gets a status message. */
  public static final Duration STATUS_DELAY = Duration.ofMillis(700);

  private final Progress.Factory progress;
  private final SessionContext context;
  private final ScheduledExecutorService scheduler;

  public WorkProgress(
      Progress.Factory progress, SessionContext context, ScheduledExecutorService scheduler) {
    this.progress = progress;
    this.context = context;
    this.scheduler = scheduler;
  }

  /** Shows the progress until {@code work}'s future completes; nothing waits for it. */
  public <T> CompletableFuture<T> runAsync(String title, Supplier<CompletableFuture<T>> work) {
    if (!context.capabilities().workDoneProgress()) {
      ScheduledFuture<?> status =
          scheduler.schedule(
              () -> statusMessage(title), STATUS_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      CompletableFuture<T> f = Futures.now(work);
      f.whenComplete((r, t) -> status.cancel(false));
      return f;
    }
    Progress p = progress.begin(title, false, false);
    CompletableFuture<T> f = Futures.now(work);
    f.whenComplete((r, t) -> p.end(t == null ? "done" : "failed"));
    return f;
  }

  private void statusMessage(String title) {
    try {
      context.client().showMessage(new MessageParams(MessageType.Info, title + "…"));
    } catch (RuntimeException ignored) {
      // no client any more: nothing to tell
    }
  }
}

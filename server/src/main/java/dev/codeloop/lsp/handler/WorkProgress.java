package dev.codeloop.lsp.handler;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.workspace.progress.Progress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Shows a work-done progress while a command waits for the model, through the session's {@link
 * Progress.Factory} (nothing when the client does not support {@code window.workDoneProgress} or
 * refuses the token). Never required: the work runs either way.
 */
public final class WorkProgress {
  private final Progress.Factory progress;

  public WorkProgress(Progress.Factory progress) {
    this.progress = progress;
  }

  /** Shows the progress until {@code work}'s future completes; nothing waits for it. */
  public <T> CompletableFuture<T> runAsync(String title, Supplier<CompletableFuture<T>> work) {
    Progress p = progress.begin(title, false, false);
    CompletableFuture<T> f = Futures.now(work);
    f.whenComplete((r, t) -> p.end(t == null ? "done" : "failed"));
    return f;
  }

  public <T> T run(String title, Supplier<T> work) {
    Progress p = progress.begin(title, false, false);
    try {
      T result = work.get();
      p.end("done");
      return result;
    } catch (RuntimeException e) {
      p.end("failed");
      throw e;
    }
  }
}

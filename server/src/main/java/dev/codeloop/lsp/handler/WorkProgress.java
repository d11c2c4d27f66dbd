package dev.codeloop.lsp.handler;

import dev.codeloop.workspace.progress.Progress;
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

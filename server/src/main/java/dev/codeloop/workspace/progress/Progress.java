package dev.codeloop.workspace.progress;

/**
 * A long-running task's progress as the user sees it ({@code $/progress} in LSP terms). Features
 * report through this interface; the LSP layer decides whether the client can show it.
 */
public interface Progress extends AutoCloseable {
  /** Reports a message and, when known, a percentage (0–100; negative = unknown). */
  void report(String message, int percentage);

  /** Ends the progress with a final message. Idempotent. */
  void end(String message);

  @Override
  default void close() {
    end("");
  }

  /** Creates progress handles: one per long-running task. */
  interface Factory {
    /**
     * @param title shown by the client, e.g. "Indexing workspace"
     * @param cancellable whether the client may offer a cancel button
     * @param measurable whether reports will carry percentages (else an indeterminate progress)
     */
    Progress begin(String title, boolean cancellable, boolean measurable);
  }

  /** A progress that goes nowhere (clients without work-done progress, tests). */
  Progress NONE =
      new Progress() {
        @Override
        public void report(String message, int percentage) {}

        @Override
        public void end(String message) {}
      };
}

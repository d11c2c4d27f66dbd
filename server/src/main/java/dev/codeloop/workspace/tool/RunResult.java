package dev.codeloop.workspace.tool;

import java.time.Duration;

/**
 * How one tool process ended.
 *
 * @param exitCode the process's exit code (as the OS reported it after a kill: usually 143 or 137)
 * @param output stdout and stderr merged, capped: head and tail kept around a "… N bytes cut …"
 *     marker
 * @param timedOut whether it was killed because it ran past its timeout
 * @param cancelled whether it was killed because it was cancelled (or a newer run replaced it)
 * @param cutBytes how many bytes of output were dropped from the middle (0: the output is whole)
 */
public record RunResult(
    int exitCode,
    String output,
    Duration duration,
    boolean timedOut,
    boolean cancelled,
    long cutBytes) {

  /** Whether the process ran to its end and exited with 0. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && !cancelled;
  }
}

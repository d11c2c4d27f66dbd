package dev.codeloop;

import dev.codeloop.model.embedded.ProjectModels;
import dev.codeloop.workspace.tool.ShadowWorkspaces;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What earlier servers left on disk, removed once this one has started: the shadow copies (copies
 * of users' code and their build output) of servers that ended without deleting them (killed,
 * crashed; {@link ShadowWorkspaces#sweepStale}), and the persisted embedded models of projects
 * unused for long, whose root is gone, or beyond the cache's budget ({@link
 * ProjectModels#pruneFolders}).
 */
final class Housekeeping implements Runnable {
  /** After start-up and the first indexing have had the machine. */
  static final Duration DELAY = Duration.ofMinutes(1);

  /** A copy's folder quiet for this long may be a killed server's (see {@code sweepStale}). */
  private static final Duration SHADOW_QUIET = Duration.ofHours(1);

  private final Path tmp;
  private final ProjectModels models;
  private final Clock clock;

  /**
   * @param tmp the temporary folder the shadow copies are made in
   * @param models this process's project models (never pruned while it serves them)
   */
  Housekeeping(Path tmp, ProjectModels models, Clock clock) {
    this.tmp = tmp;
    this.models = models;
    this.clock = clock;
  }

  @Override
  public void run() {
    ShadowWorkspaces.sweepStale(tmp, ShadowWorkspaces::running, SHADOW_QUIET, clock.instant());
    models.pruneFolders(clock.instant());
  }

  /**
   * Runs on {@code worker} (the background pool) once {@code delay} has passed on {@code
   * scheduler}; nothing when either is shut down by then.
   */
  void schedule(ScheduledExecutorService scheduler, Executor worker, Duration delay) {
    try {
      scheduler.schedule(
          () -> {
            try {
              worker.execute(this);
            } catch (RejectedExecutionException e) {
              // the server is closing
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the server is closing
    }
  }
}

package dev.codeloop.workspace.tool;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tool processes (builds, linters, test suites) without a thread waiting for them.
 *
 * <ul>
 *   <li>A command is an argv list, never a shell string; it runs in its working directory with the
 *       server's environment minus credentials ({@link ToolEnvironment}).
 *   <li>stdout and stderr are merged into one pipe, so a run holds exactly one {@code readers}
 *       thread (the {@code tools} pool) for as long as the process writes; the output is capped,
 *       head and tail kept ({@link CappedOutput}).
 *   <li>The result completes from {@link Process#onExit()}; the timeout is a {@code scheduler}
 *       task. On timeout or cancellation the whole process tree is killed: descendants and the
 *       process get SIGTERM, and whatever is still alive after the grace period SIGKILL.
 *   <li>One run per key (workspace root + tool): a newer run cancels the older one, whose result
 *       then says {@code cancelled}.
 * </ul>
 *
 * Cancelling the returned future kills the tree as well.
 */
public final class ProcessRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  /** Output kept per run: 512 KiB of head and 512 KiB of tail. */
  public static final int DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

  /** How long a killed process tree has between SIGTERM and SIGKILL. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  /** One command to run. */
  public record Command(List<String> argv, Path workingDirectory, Duration timeout) {
    public Command {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("empty command");
      }
    }
  }

  private enum Ending {
    TIMED_OUT,
    CANCELLED
  }

  private final Executor readers;
  private final ScheduledExecutorService scheduler;
  private final Map<String, String> environment;
  private final int outputLimit;
  private final Duration killGrace;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  /**
   * @param readers where the output is read: one task per run for the run's whole length
   * @param environment the environment tool processes start from (credentials are removed)
   */
  public ProcessRunner(
      Executor readers,
      ScheduledExecutorService scheduler,
      Map<String, String> environment,
      int outputLimit,
      Duration killGrace) {
    this.readers = readers;
    this.scheduler = scheduler;
    this.environment = ToolEnvironment.scrub(environment);
    this.outputLimit = outputLimit;
    this.killGrace = killGrace;
  }

  public ProcessRunner(
      Executor readers, ScheduledExecutorService scheduler, Map<String, String> environment) {
    this(readers, scheduler, environment, DEFAULT_OUTPUT_LIMIT, DEFAULT_KILL_GRACE);
  }

  /**
   * Starts {@code command}, cancelling the run under the same {@code key} if one is going. Fails
   * with a request-failed {@link CodeloopException} when the program cannot be started.
   */
  public CompletableFuture<RunResult> run(String key, Command command) {
    ProcessBuilder builder =
        new ProcessBuilder(command.argv())
            .directory(command.workingDirectory().toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          CodeloopException.requestFailed(
              "cannot start "
                  + command.argv().get(0)
                  + " in "
                  + command.workingDirectory()
                  + ": "
                  + e.getMessage()));
    }
    LOG.info(
        "started {} (pid {}) in {}", command.argv(), process.pid(), command.workingDirectory());
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    Running run = new Running(process);
    Running older = running.put(key, run);
    if (older != null) {
      older.kill(Ending.CANCELLED);
    }
    result.whenComplete(
        (r, t) -> {
          if (t != null && Futures.isCancellation(t)) {
            run.kill(Ending.CANCELLED);
          }
        });
    CappedOutput output = new CappedOutput(outputLimit);
    CompletableFuture<Void> read;
    try {
      read =
          CompletableFuture.runAsync(
              () -> {
                try (InputStream in = process.getInputStream()) {
                  output.readFully(in);
                } catch (IOException e) {
                  LOG.debug("output of pid {} ended: {}", process.pid(), e.toString());
                }
              },
              readers);
    } catch (RejectedExecutionException e) {
      run.kill(Ending.CANCELLED);
      running.remove(key, run);
      return CompletableFuture.failedFuture(
          CodeloopException.requestFailed("too many tool runs are waiting; try again later"));
    }
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () -> run.kill(Ending.TIMED_OUT), command.timeout().toMillis(), TimeUnit.MILLISECONDS);
    process
        .onExit()
        .thenAccept(
            p -> {
              timer.cancel(false);
              // A grandchild that outlives the process may keep the pipe open: the result does
              // not wait for it longer than the grace period.
              scheduler.schedule(
                  () -> read.complete(null), killGrace.toMillis(), TimeUnit.MILLISECONDS);
              read.whenComplete(
                  (v, t) -> {
                    running.remove(key, run);
                    Ending ending = run.ending.get();
                    result.complete(
                        new RunResult(
                            p.exitValue(),
                            output.text(),
                            Duration.ofNanos(System.nanoTime() - start),
                            ending == Ending.TIMED_OUT,
                            ending == Ending.CANCELLED,
                            output.cutBytes()));
                  });
            });
    return result;
  }

  /** Kills every running process tree (the session ends). */
  @Override
  public void close() {
    for (Running r : new ArrayList<>(running.values())) {
      r.kill(Ending.CANCELLED);
    }
    running.clear();
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private final class Running {
    final Process process;
    final AtomicReference<Ending> ending = new AtomicReference<>();

    Running(Process process) {
      this.process = process;
    }

    /** SIGTERM to the tree now, SIGKILL to what is left after the grace period. First call wins. */
    void kill(Ending why) {
      if (!process.isAlive() || !ending.compareAndSet(null, why)) {
        return;
      }
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      LOG.info("killing pid {} and {} descendants: {}", process.pid(), tree.size(), why);
      // the process first, then its descendants (listed while it was alive): killed the other way
      // round, a shell waiting for its children sees them end and may exit 0 before its own
      // signal lands, and a killed run would look like a clean one
      process.destroy();
      tree.forEach(ProcessHandle::destroy);
      try {
        scheduler.schedule(
            () -> {
              List<ProcessHandle> left = new ArrayList<>(tree);
              if (process.isAlive()) {
                left.addAll(process.descendants().toList());
              }
              left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
              if (process.isAlive()) {
                process.destroyForcibly();
              }
            },
            killGrace.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
      }
    }
  }
}

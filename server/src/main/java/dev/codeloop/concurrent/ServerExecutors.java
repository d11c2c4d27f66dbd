package dev.codeloop.concurrent;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's named, bounded executors, created once in the composition root and shut down on
 * exit.
 *
 * <ul>
 *   <li>{@code requests}: handler logic of LSP requests (never the dispatch thread);
 *   <li>{@code models}: blocking model calls (HTTP), bounded separately so a slow provider cannot
 *       starve requests;
 *   <li>{@code background}: indexing, training, tool processes;
 *   <li>{@code scheduler}: debouncing, timeouts, breaker probes.
 * </ul>
 */
public final class ServerExecutors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerExecutors.class);

  private final ExecutorService requests;
  private final ExecutorService models;
  private final ExecutorService background;
  private final ScheduledExecutorService scheduler;
  private final TaskContext context = new TaskContext();

  /**
   * Every pool runs its tasks with the {@link #context() task context} of the thread that submitted
   * them, so work done for a session stays marked as that session's.
   */
  public ServerExecutors(int requestThreads, int modelThreads, int backgroundThreads) {
    this.requests =
        new ContextExecutorService(bounded("codeloop-request", requestThreads, 1024), context);
    this.models =
        new ContextExecutorService(bounded("codeloop-model", modelThreads, 1024), context);
    this.background =
        new ContextExecutorService(
            bounded("codeloop-background", backgroundThreads, 4096), context);
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, named("codeloop-scheduler"));
    s.setRemoveOnCancelPolicy(true);
    this.scheduler = new ContextScheduledExecutorService(s, context);
  }

  /** Which session the current thread works for; carried across every pool of this instance. */
  public TaskContext context() {
    return context;
  }

  /**
   * Sizes that suit a language server on a laptop: a few request threads, more for I/O-bound
   * models.
   */
  public static ServerExecutors defaults() {
    int cpus = Runtime.getRuntime().availableProcessors();
    return new ServerExecutors(Math.max(2, cpus), Math.max(4, cpus * 2), Math.max(1, cpus / 2));
  }

  private static ExecutorService bounded(String name, int threads, int queue) {
    ThreadPoolExecutor ex =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            named(name),
            new ThreadPoolExecutor.AbortPolicy());
    ex.allowCoreThreadTimeOut(true);
    return ex;
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setUncaughtExceptionHandler(
          (th, e) -> LOG.error("Uncaught exception in {}", th.getName(), e));
      return t;
    };
  }

  public ExecutorService requests() {
    return requests;
  }

  public ExecutorService models() {
    return models;
  }

  public ExecutorService background() {
    return background;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    for (ExecutorService e : List.of(requests, models, background, scheduler)) {
      e.shutdownNow();
    }
  }
}

package dev.codeloop.concurrent;

import java.util.List;
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
 * <p>Nothing waits for a model on any of them: model requests are futures composed by the router,
 * timed out by the {@code scheduler}. Every queue is an {@link AdmissionQueue}: when it is full,
 * tasks whose requests were cancelled or superseded meanwhile ({@link DroppableTask}) make room
 * before a new task is refused. Sizes of {@link #defaults()} ({@code n} = available cores):
 *
 * <ul>
 *   <li>{@code requests} (max(2, n), queue {@link #REQUEST_QUEUE}): short CPU work of LSP requests
 *       (never the dispatch thread, never waiting on a model);
 *   <li>{@code modelIo} / {@code models} (max(4, 2n), queue 1024): only the blocking HTTP of
 *       LangChain4j's non-streaming {@code ChatModel.chat}, which cannot be made asynchronous, and
 *       the start of raw FIM exchanges with a named host (the JDK's name lookup blocks); bounded
 *       separately so a slow provider cannot starve requests;
 *   <li>{@code background} (max(1, n/2), queue 4096): indexing and training;
 *   <li>{@code embedded} (max(2, n/2), queue 256): completions of the embedded model (CPU), apart
 *       from indexing so that a long index build never delays a suggestion;
 *   <li>{@code tools} (2, queue 256): tool processes (builds, test runs) of workflows;
 *   <li>{@code scheduler} (1 thread): debouncing, deadlines and hedging delays of model calls,
 *       breaker probes. Its tasks are tiny: they only post events.
 * </ul>
 */
public final class ServerExecutors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerExecutors.class);

  /** Tool processes run two at a time: a build and a test run, say. */
  public static final int TOOL_THREADS = 2;

  /**
   * How many request tasks may wait for a request thread, all sessions together. Enough for a cold
   * server to queue rather than refuse while it warms up under 16 editors (about 130 requests a
   * second that no newer one supersedes, for 5–10 s); each waiting task holds its parsed params (a
   * few hundred bytes to a few KB), so a full queue is a few MB. Cancelled and superseded requests
   * are dropped from a full queue before anything is refused ({@link AdmissionQueue}).
   */
  public static final int REQUEST_QUEUE = 4096;

  private final ExecutorService requests;
  private final ExecutorService models;
  private final ExecutorService background;
  private final ExecutorService embedded;
  private final ExecutorService tools;
  private final ScheduledExecutorService scheduler;
  private final TaskContext context = new TaskContext();

  /**
   * Every pool runs its tasks with the {@link #context() task context} of the thread that submitted
   * them, so work done for a session stays marked as that session's.
   */
  public ServerExecutors(int requestThreads, int modelThreads, int backgroundThreads) {
    this(requestThreads, modelThreads, backgroundThreads, TOOL_THREADS);
  }

  public ServerExecutors(
      int requestThreads, int modelThreads, int backgroundThreads, int toolThreads) {
    this(requestThreads, REQUEST_QUEUE, modelThreads, backgroundThreads, toolThreads);
  }

  /**
   * @param requestQueue how many request tasks may wait for a thread ({@link #REQUEST_QUEUE} in
   *     production; tests make it small to overflow it)
   */
  public ServerExecutors(
      int requestThreads,
      int requestQueue,
      int modelThreads,
      int backgroundThreads,
      int toolThreads) {
    this.requests =
        new ContextExecutorService(
            bounded("codeloop-request", requestThreads, requestQueue), context);
    this.models =
        new ContextExecutorService(bounded("codeloop-model-io", modelThreads, 1024), context);
    this.background =
        new ContextExecutorService(
            bounded("codeloop-background", backgroundThreads, 4096), context);
    this.embedded =
        new ContextExecutorService(
            bounded("codeloop-embedded", Math.max(2, backgroundThreads), 256), context);
    this.tools = new ContextExecutorService(bounded("codeloop-tool", toolThreads, 256), context);
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
            new AdmissionQueue(queue),
            named(name),
            new ThreadPoolExecutor.AbortPolicy());
    ex.allowCoreThreadTimeOut(true);
    return ex;
  }

  /**
   * Daemon threads named {@code prefix-1}, {@code prefix-2}, …, whose uncaught exceptions are
   * logged.
   */
  public static ThreadFactory named(String prefix) {
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

  /** The blocking HTTP of LangChain4j chat calls; the same pool as {@link #modelIo()}. */
  public ExecutorService models() {
    return models;
  }

  /** The blocking HTTP of LangChain4j's non-streaming chat calls, and nothing else. */
  public ExecutorService modelIo() {
    return models;
  }

  public ExecutorService background() {
    return background;
  }

  /** Completions of the embedded model (CPU work). */
  public ExecutorService embedded() {
    return embedded;
  }

  /** Tool processes (builds, test runs) started by workflows. */
  public ExecutorService tools() {
    return tools;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    for (ExecutorService e : List.of(requests, models, background, embedded, tools, scheduler)) {
      e.shutdownNow();
    }
  }
}

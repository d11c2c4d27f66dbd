package dev.codeloop.concurrent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Gives memory back to the operating system after bulk work (indexing a workspace, closing
 * documents): once the process stayed quiet for a while after the last request, one full collection
 * runs, and the JVM then shrinks the heap to what it holds plus {@code -XX:MaxHeapFreeRatio} (a
 * young collection never shrinks it, so without this the heap an index run grew stays committed);
 * in production the C heap is trimmed after it ({@link NativeHeap}). At most one collection per
 * {@code minInterval}; requests in between are coalesced into the next allowed one.
 *
 * <p>While bulk work runs, the production trimmer also keeps the serial collector's old generation
 * from filling with garbage ({@link OldGenerationWatch}, installed by {@link #watch()} once a
 * session is initialized: its 400-odd management classes stay off the start-up path).
 */
public final class HeapTrimmer implements AutoCloseable {
  private static final String KEY = "trim";

  private final Debouncer<String> debouncer;
  private final Duration quiet;
  private final Duration minInterval;
  private final Runnable collect;
  private final LongSupplier nanoTime;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong lastRun = new AtomicLong(Long.MIN_VALUE);
  private final Executor worker;
  private final Supplier<Optional<? extends AutoCloseable>> watchFactory;
  private final AtomicReference<Optional<? extends AutoCloseable>> watch = new AtomicReference<>();

  /**
   * @param quiet how long after the last request the collection runs
   * @param minInterval the least time between two collections
   * @param collect the collection ({@code System::gc} in production)
   * @param watchFactory starts watching the heap while bulk work runs ({@link #watch()}); empty
   *     where nothing is to be watched
   */
  public HeapTrimmer(
      ScheduledExecutorService scheduler,
      Executor worker,
      Duration quiet,
      Duration minInterval,
      Runnable collect,
      LongSupplier nanoTime,
      Supplier<Optional<? extends AutoCloseable>> watchFactory) {
    this.debouncer = new Debouncer<>(scheduler, worker);
    this.worker = worker;
    this.watchFactory = watchFactory;
    this.quiet = quiet;
    this.minInterval = minInterval;
    this.collect = collect;
    this.nanoTime = nanoTime;
  }

  /**
   * The production trimmer, 5 s after the last request and at most every 30 s: {@code System.gc()},
   * then the C heap trimmed ({@link NativeHeap#trim}: what the JIT's compilations freed, 20–25 MB
   * of resident memory once a 20,000-file workspace is indexed and 100 documents are open).
   */
  public static HeapTrimmer system(ScheduledExecutorService scheduler, Executor worker) {
    return new HeapTrimmer(
        scheduler,
        worker,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        () -> {
          System.gc();
          NativeHeap.trim();
        },
        System::nanoTime,
        () -> OldGenerationWatch.installForSerial(System::gc));
  }

  /**
   * Starts watching the heap during bulk work (once per trimmer, on the worker; later calls do
   * nothing). Never blocks.
   */
  public void watch() {
    if (watch.get() != null) {
      return;
    }
    try {
      worker.execute(
          () -> {
            synchronized (watch) {
              if (watch.get() == null) {
                watch.set(watchFactory.get());
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // shutting down, or the pool full: the heap goes unwatched, as on any other collector
    }
  }

  /** Whether {@link #watch()} installed a watch (false before it ran, or where none applies). */
  public boolean watching() {
    Optional<? extends AutoCloseable> w = watch.get();
    return w != null && w.isPresent();
  }

  /** Stops the watch, if one runs. */
  @Override
  public void close() {
    synchronized (watch) {
      Optional<? extends AutoCloseable> w = watch.getAndSet(Optional.empty());
      if (w != null && w.isPresent()) {
        try {
          w.get().close();
        } catch (Exception e) {
          // nothing to release beyond the listener
        }
      }
    }
  }

  /** Bulk work just ended: trim once things are quiet. Never blocks. */
  public void request() {
    long last = lastRun.get();
    long now = nanoTime.getAsLong();
    Duration wait = quiet;
    if (last != Long.MIN_VALUE) {
      Duration sinceLast = Duration.ofNanos(now - last);
      Duration untilAllowed = minInterval.minus(sinceLast);
      if (untilAllowed.compareTo(wait) > 0) {
        wait = untilAllowed;
      }
    }
    debouncer.submit(
        KEY,
        wait,
        () -> {
          lastRun.set(nanoTime.getAsLong());
          runs.incrementAndGet();
          collect.run();
        });
  }

  /** How many collections ran. */
  public long runs() {
    return runs.get();
  }

  /** Test hook: waits until no collection is pending or running; false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return debouncer.awaitIdle(timeout);
  }
}

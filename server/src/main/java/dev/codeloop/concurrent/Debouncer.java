package dev.codeloop.concurrent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the latest task per key after a quiet period; a newer submission for the same key replaces
 * the pending one. Work runs on {@code worker}, never on the scheduler thread.
 */
public final class Debouncer<K> {
  private static final Logger LOG = LoggerFactory.getLogger(Debouncer.class);

  private final ScheduledExecutorService scheduler;
  private final Executor worker;
  private final Map<K, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idleLock = new Object();

  public Debouncer(ScheduledExecutorService scheduler, Executor worker) {
    this.scheduler = scheduler;
    this.worker = worker;
  }

  public void submit(K key, Duration delay, Runnable task) {
    inFlight.incrementAndGet();
    ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
    ScheduledFuture<?> f =
        scheduler.schedule(
            () -> {
              pending.remove(key, holder[0]);
              try {
                worker.execute(
                    () -> {
                      try {
                        task.run();
                      } catch (RuntimeException e) {
                        LOG.warn("Debounced task for {} failed", key, e);
                      } finally {
                        done();
                      }
                    });
              } catch (RuntimeException rejected) {
                LOG.warn("Debounced task for {} rejected", key, rejected);
                done();
              }
            },
            Math.max(0, delay.toMillis()),
            TimeUnit.MILLISECONDS);
    holder[0] = f;
    ScheduledFuture<?> previous = pending.put(key, f);
    if (previous != null && previous.cancel(false)) {
      done();
    }
  }

  public void cancel(K key) {
    ScheduledFuture<?> f = pending.remove(key);
    if (f != null && f.cancel(false)) {
      done();
    }
  }

  private void done() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idleLock) {
        idleLock.notifyAll();
      }
    }
  }

  /** Test hook: waits until nothing is pending or running. Returns false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idleLock) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idleLock, left);
      }
    }
    return true;
  }
}

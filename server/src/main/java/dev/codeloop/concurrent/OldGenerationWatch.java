package dev.codeloop.concurrent;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the serial collector's old generation near what it holds live while bulk work (indexing a
 * workspace, rebuilding the embedded model) promotes short-lived objects into it.
 *
 * <p>Up to JDK 22 the serial collector runs a full collection when the old generation cannot take
 * what a young collection promotes, and then sizes the heap to the live data plus {@code
 * -XX:MinHeapFreeRatio}. Since JDK 23 (JDK-8333786, JDK-8331557) it grows the old generation
 * instead and collects it only when the heap reaches {@code -Xmx}: indexing a 20,000-file workspace
 * filled the launcher's 512 MB heap with garbage (a resident peak of 490–595 MB against 270–285 MB
 * on JDK 17). This watch reads the old generation's occupancy after every young collection (the
 * JVM's garbage-collection notifications) and, when it has grown past {@link Policy} bounds over
 * what the last full collection left, runs one full collection ({@code System.gc()}, on the JVM's
 * notification thread, nothing of ours waits for it) — the collection the older JDKs made on their
 * own. On JDK 17–22 the old generation never grows that far, so the watch stays silent there.
 *
 * <p>Installed only under the serial collector (the launcher's); the other collectors size their
 * heaps by their own goals and are left alone.
 */
public final class OldGenerationWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OldGenerationWatch.class);

  /** The serial collector's full collection, as the JVM names it. */
  private static final String FULL = "MarkSweepCompact";

  /** The serial collector's young and full collections, as the JVM names them. */
  private static final Set<String> SERIAL = Set.of("Copy", FULL);

  private static final String OLD_POOL = "Tenured Gen";

  private final List<NotificationEmitter> emitters;
  private final NotificationListener listener;

  private OldGenerationWatch(List<NotificationEmitter> emitters, NotificationListener listener) {
    this.emitters = emitters;
    this.listener = listener;
  }

  /**
   * When the bounds are crossed, collect. Thread-safe; the clock and the collection are given so
   * that tests drive it.
   */
  static final class Policy {
    private final double growth;
    private final long slackBytes;
    private final long minIntervalNanos;
    private final LongSupplier nanoTime;
    private long live = -1;
    private long lastCollection = Long.MIN_VALUE;
    private long collections;
    private long fullsSeen;

    /**
     * @param growth the share of the live old generation it may grow by before a collection
     * @param slackBytes it may always grow by this much (and, before any full collection, hold it)
     * @param minIntervalNanos the least time between two collections this policy asks for
     */
    Policy(double growth, long slackBytes, long minIntervalNanos, LongSupplier nanoTime) {
      if (growth < 0 || slackBytes <= 0 || minIntervalNanos < 0) {
        throw new IllegalArgumentException("growth >= 0, slack > 0, interval >= 0");
      }
      this.growth = growth;
      this.slackBytes = slackBytes;
      this.minIntervalNanos = minIntervalNanos;
      this.nanoTime = nanoTime;
    }

    /**
     * A collection ended with {@code oldUsed} bytes in the old generation: whether to run a full
     * collection now. {@code fullsSoFar} is how many full collections the JVM has run by now
     * ({@code -1}: unknown). Notifications are read after the collections they report, often after
     * the next ones too: when a young collection's promotions overflow the old generation the JVM
     * collects it at once, and the young collection's notification, read later, would ask for a
     * second, useless full collection. A young collection followed by a full one whose notification
     * has not been read yet asks for nothing.
     *
     * @param full whether it collected the old generation (its occupancy is then what is live)
     */
    synchronized boolean afterCollection(boolean full, long oldUsed, long fullsSoFar) {
      if (full) {
        live = oldUsed;
        fullsSeen++;
        return false;
      }
      if (fullsSoFar > fullsSeen) {
        return false; // collected since
      }
      long base = Math.max(0, live);
      long bound = base + Math.max((long) (base * growth), slackBytes);
      if (oldUsed <= bound) {
        return false;
      }
      long now = nanoTime.getAsLong();
      if (lastCollection != Long.MIN_VALUE && now - lastCollection < minIntervalNanos) {
        return false;
      }
      lastCollection = now;
      collections++;
      return true;
    }

    /** The JVM had run {@code fulls} full collections when the watch began reading. */
    synchronized void fullsBefore(long fulls) {
      fullsSeen = fulls;
    }

    /** How many collections this policy asked for. */
    synchronized long collections() {
      return collections;
    }
  }

  /**
   * The production watch: a full collection once the old generation holds a quarter more than the
   * last full collection left, or 32 MB more when that is larger, at most four a second. (Measured
   * on JDK 25 with a 20,000-file workspace: the resident peak while indexing 503–505 → 323–337 MB,
   * 4.1–4.4 → 4.5–4.8 s; a tenth and 16 MB gave no lower peak, one a second 367 MB.)
   */
  static Policy defaultPolicy() {
    return new Policy(0.25, 32L << 20, TimeUnit.MILLISECONDS.toNanos(250), System::nanoTime);
  }

  /**
   * Watches the old generation when the JVM runs the serial collector; empty under any other
   * collector, or where the JVM's management interface is missing.
   */
  public static Optional<OldGenerationWatch> installForSerial(Runnable collect) {
    return installForSerial(defaultPolicy(), collect);
  }

  /** {@link #installForSerial(Runnable)} with the given policy. */
  static Optional<OldGenerationWatch> installForSerial(Policy policy, Runnable collect) {
    try {
      List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
      if (collectors.size() != SERIAL.size()
          || !collectors.stream().allMatch(c -> SERIAL.contains(c.getName()))) {
        return Optional.empty();
      }
      GarbageCollectorMXBean fullCollector =
          collectors.stream().filter(c -> c.getName().equals(FULL)).findFirst().orElseThrow();
      policy.fullsBefore(Math.max(0, fullCollector.getCollectionCount()));
      NotificationListener listener =
          (Notification n, Object handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                n.getType())) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
            MemoryUsage old = after.get(OLD_POOL);
            if (old != null
                && policy.afterCollection(
                    info.getGcName().equals(FULL),
                    old.getUsed(),
                    fullCollector.getCollectionCount())) {
              LOG.debug(
                  "old generation at {} MB after a young collection: collecting it",
                  old.getUsed() >> 20);
              collect.run();
            }
          };
      List<NotificationEmitter> emitters =
          collectors.stream()
              .filter(NotificationEmitter.class::isInstance)
              .map(NotificationEmitter.class::cast)
              .toList();
      for (NotificationEmitter e : emitters) {
        e.addNotificationListener(listener, null, null);
      }
      return Optional.of(new OldGenerationWatch(emitters, listener));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Stops watching. */
  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException gone) {
        // already removed
      }
    }
  }
}

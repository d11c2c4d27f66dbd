package dev.codeloop.model;

import java.util.Arrays;

/** The last {@code capacity} latencies (ms) of something, for percentiles. Thread-safe. */
final class LatencyWindow {
  private final long[] samples;
  private int next;
  private int size;

  LatencyWindow(int capacity) {
    samples = new long[capacity];
  }

  synchronized void add(long millis) {
    samples[next] = millis;
    next = (next + 1) % samples.length;
    size = Math.min(size + 1, samples.length);
  }

  /** p in (0, 100]; 0 when empty. Nearest-rank. */
  synchronized long percentile(double p) {
    if (size == 0) {
      return 0;
    }
    long[] copy = Arrays.copyOf(samples, size);
    Arrays.sort(copy);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return copy[Math.max(0, Math.min(size - 1, rank - 1))];
  }
}

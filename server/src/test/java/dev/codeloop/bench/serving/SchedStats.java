package dev.codeloop.bench.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linux scheduler statistics of every thread of this JVM (its compiler, GC and VM threads too),
 * read from {@code /proc/self/task/<tid>/schedstat}: time on a CPU and time runnable but waiting
 * for one. {@link #diff} between two snapshots around a request gives, per thread name, what ran
 * and what waited while it was answered, so the slowest requests can be set against typical ones.
 */
final class SchedStats {
  private SchedStats() {}

  /** tid → {run ns, wait ns}, and tid → thread name, at one moment. */
  record Snapshot(Map<Integer, long[]> times, Map<Integer, String> names) {}

  static Snapshot now() {
    Map<Integer, long[]> times = new HashMap<>();
    Map<Integer, String> names = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
          int tid = Integer.parseInt(task.getFileName().toString());
          times.put(tid, new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
          names.put(tid, normalise(Files.readString(task.resolve("comm")).trim()));
        } catch (IOException | RuntimeException gone) {
          // the thread ended while listed
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("no /proc/self/task: Linux only", e);
    }
    return new Snapshot(times, names);
  }

  /** Thread name without its trailing number, so that a pool's threads add up. */
  private static String normalise(String comm) {
    return comm.replaceAll("[-#]?\\d+$", "");
  }

  /** name → {run ns, wait ns} between two snapshots. */
  static Map<String, long[]> diff(Snapshot before, Snapshot after) {
    Map<String, long[]> out = new TreeMap<>();
    after
        .times()
        .forEach(
            (tid, t) -> {
              long[] b = before.times().getOrDefault(tid, new long[2]);
              long run = t[0] - b[0];
              long wait = t[1] - b[1];
              if (run != 0 || wait != 0) {
                long[] sum = out.computeIfAbsent(after.names().get(tid), k -> new long[2]);
                sum[0] += run;
                sum[1] += wait;
              }
            });
    return out;
  }

  /**
   * Prints, for the slowest {@code share} of the requests by {@code nanos} and for the middle
   * fifth, the mean run and wait ms per request of each thread name (the names above 0.02 ms).
   */
  static void report(long[] nanos, List<Map<String, long[]>> perRequest, double share) {
    Integer[] order = new Integer[nanos.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingLong(i -> nanos[i]));
    int slow = Math.max(1, (int) Math.round(nanos.length * share));
    List<Integer> slowest = List.of(order).subList(order.length - slow, order.length);
    List<Integer> middle = List.of(order).subList(order.length * 2 / 5, order.length * 3 / 5);
    print("slowest " + slow, slowest, nanos, perRequest);
    print("middle fifth", middle, nanos, perRequest);
  }

  private static void print(
      String label, List<Integer> which, long[] nanos, List<Map<String, long[]>> perRequest) {
    Map<String, long[]> sum = new TreeMap<>();
    double wall = 0;
    for (int i : which) {
      wall += nanos[i];
      perRequest
          .get(i)
          .forEach(
              (name, t) -> {
                long[] s = sum.computeIfAbsent(name, k -> new long[2]);
                s[0] += t[0];
                s[1] += t[1];
              });
    }
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "  threads during the %s (mean overhead %.2f ms), run/wait ms per request:",
                label,
                wall / which.size() / 1e6));
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(sum.entrySet());
    rows.sort(
        Comparator.comparingLong(
            (Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1])));
    for (var e : rows) {
      double run = e.getValue()[0] / 1e6 / which.size();
      double wait = e.getValue()[1] / 1e6 / which.size();
      if (run + wait >= 0.02) {
        line.append(String.format(Locale.ROOT, "%n    %-18s %6.3f / %6.3f", e.getKey(), run, wait));
      }
    }
    System.out.println(line);
  }
}

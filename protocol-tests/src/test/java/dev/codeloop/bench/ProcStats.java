package dev.codeloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux says about a process: resident set size and thread count from {@code
 * /proc/PID/status}, CPU time (user + system, all threads) from {@code /proc/PID/stat}. Empty where
 * {@code /proc} is not there.
 */
public record ProcStats(long rssKb, int threads, long cpuMs) {
  /** Clock ticks per second of {@code /proc/PID/stat}: 100 on every Linux we run on. */
  private static final long TICKS_PER_SECOND = 100;

  public static Optional<ProcStats> of(long pid) {
    try {
      long rss = -1;
      int threads = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
        }
      }
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Optional.of(new ProcStats(rss, threads, cpuMsOfStat(stat)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The process and every process it started that is still running, summed: a peer such as
   * typescript-language-server does its work in child processes (tsserver).
   */
  public static Optional<ProcStats> ofTree(long pid) {
    Optional<ProcStats> root = of(pid);
    if (root.isEmpty()) {
      return root;
    }
    long rss = root.get().rssKb();
    int threads = root.get().threads();
    long cpu = root.get().cpuMs();
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
      Optional<ProcStats> c = of(child.pid());
      if (c.isPresent()) {
        rss += Math.max(0, c.get().rssKb());
        threads += Math.max(0, c.get().threads());
        cpu += c.get().cpuMs();
      }
    }
    return Optional.of(new ProcStats(rss, threads, cpu));
  }

  /**
   * Starts a new peak: the kernel's high-water mark of the process's resident memory ({@code
   * VmHWM}) is set to its current RSS (writing 5 to {@code /proc/PID/clear_refs}, Linux 4.0+; our
   * own child processes only). False where that is refused or absent.
   */
  public static boolean resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The process's peak RSS in KB since it started or since {@link #resetPeak}; -1 if unknown. */
  public static long peakKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or not Linux
    }
    return -1;
  }

  public double rssMb() {
    return rssKb / 1024.0;
  }

  /**
   * CPU time of the process's busiest thread (the main thread during start-up): a lower bound for
   * the start-up wall time on an idle machine, independent of the machine's load; 0 where {@code
   * /proc} is not there.
   */
  public static double busiestThreadCpuMs(long pid) {
    long max = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          max = Math.max(max, cpuMsOfStat(Files.readString(t.resolve("stat"))));
        } catch (IOException | RuntimeException ended) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return max;
  }

  /** The machine's load averages as {@code /proc/loadavg} says them, or "?". */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  /** User + system CPU time in a {@code /proc/.../stat} line. */
  private static long cpuMsOfStat(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after "pid (comm) ": state is field 3, utime field 14, stime field 15
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 1000 / TICKS_PER_SECOND;
  }
}

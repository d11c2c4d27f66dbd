package dev.codeloop.ignore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsed ignore files ({@code .gitignore}, then {@code .codeloopignore}) of each directory,
 * kept until they change. A directory's entry is re-validated by a cheap stat of its ignore files
 * (modification time and size) at most once per {@code recheck}; a changed, new or deleted file is
 * re-read. Thread-safe.
 */
public final class IgnoreFileCache {
  private static final Logger LOG = LoggerFactory.getLogger(IgnoreFileCache.class);

  /** The ignore files of a directory, in the order their rules apply (later wins). */
  public static final List<String> FILE_NAMES = List.of(".gitignore", ".codeloopignore");

  private static final Duration DEFAULT_RECHECK = Duration.ofSeconds(2);

  /** What the ignore files looked like when read: per file, mtime and size (or -1 if absent). */
  private record Stamp(long[] times, long[] sizes) {
    boolean sameAs(Stamp o) {
      return java.util.Arrays.equals(times, o.times) && java.util.Arrays.equals(sizes, o.sizes);
    }
  }

  private record Entry(IgnoreRules rules, Stamp stamp, long checkedAt) {}

  private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
  private final long recheckNanos;
  private final LongSupplier nanoClock;

  /** Bumped whenever a directory's rules are re-read because its ignore files changed. */
  private final AtomicLong generation = new AtomicLong();

  public IgnoreFileCache() {
    this(DEFAULT_RECHECK, System::nanoTime);
  }

  /**
   * @param recheck how long a directory's rules are trusted without looking at its files again
   *     ({@link Duration#ZERO}: stat on every use)
   */
  public IgnoreFileCache(Duration recheck, LongSupplier nanoClock) {
    this.recheckNanos = recheck.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** The rules of {@code directory}'s own ignore files ({@link IgnoreRules#NONE} if none). */
  public IgnoreRules rulesOf(Path directory) {
    long now = nanoClock.getAsLong();
    Entry e = entries.get(directory);
    if (e != null && now - e.checkedAt() < recheckNanos) {
      return e.rules();
    }
    Stamp stamp = stamp(directory);
    if (e != null && e.stamp().sameAs(stamp)) {
      entries.put(directory, new Entry(e.rules(), e.stamp(), now));
      return e.rules();
    }
    IgnoreRules rules = read(directory, stamp);
    entries.put(directory, new Entry(rules, stamp, now));
    if (e != null) {
      generation.incrementAndGet();
    }
    return rules;
  }

  /**
   * A number that changes whenever rules read earlier are replaced because their files changed: a
   * decision drawn from this cache holds while it is the same and {@link #isFresh} says so.
   */
  public long generation() {
    return generation.get();
  }

  /** Now, on this cache's clock. */
  public long now() {
    return nanoClock.getAsLong();
  }

  /**
   * Whether something decided at {@code decidedAt} ({@link #now}) is within the recheck period,
   * during which this cache trusts the rules it holds without looking at their files.
   */
  public boolean isFresh(long decidedAt) {
    return nanoClock.getAsLong() - decidedAt < recheckNanos;
  }

  private static Stamp stamp(Path directory) {
    int n = FILE_NAMES.size();
    long[] times = new long[n];
    long[] sizes = new long[n];
    for (int i = 0; i < n; i++) {
      try {
        BasicFileAttributes a =
            Files.readAttributes(
                directory.resolve(FILE_NAMES.get(i)),
                BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        times[i] = a.isRegularFile() ? a.lastModifiedTime().toMillis() : -1;
        sizes[i] = a.isRegularFile() ? a.size() : -1;
      } catch (IOException | RuntimeException absent) {
        times[i] = -1;
        sizes[i] = -1;
      }
    }
    return new Stamp(times, sizes);
  }

  private static IgnoreRules read(Path directory, Stamp stamp) {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < FILE_NAMES.size(); i++) {
      if (stamp.sizes()[i] < 0) {
        continue;
      }
      Path f = directory.resolve(FILE_NAMES.get(i));
      try {
        content.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot read {}: {}", f, e.toString());
      }
    }
    return content.length() == 0 ? IgnoreRules.NONE : IgnoreRules.parse(content.toString());
  }
}

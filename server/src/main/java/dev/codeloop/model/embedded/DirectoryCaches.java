package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lm.CacheModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The nested directory-level cache (Hellendoorn &amp; Devanbu 2017): the learned documents of the
 * current file's directory as a cache n-gram model, between the current-file cache and the
 * recently-edited-files cache. Files of one package share names and idioms the rest of the
 * workspace does not.
 *
 * <p>One cache per directory, shared by all its files, so moving between the files of a package
 * costs nothing (the current file's learned version is in it too, next to its live text in the file
 * cache). A cache is built on the executor when it is missing or stale (a document of that
 * directory was learned or forgotten since) and then served until it is stale again; a completion
 * request never waits for a build and uses the stale cache (or none) meanwhile. Built caches are
 * immutable once published (and trimmed to their entries), so requests read them without locks.
 * Bounded: at most {@code maxTokens} per cache (the most recently changed documents first) and
 * {@code maxBytes} over all directories: the least recently used caches are dropped first, the one
 * just built always stays. A count bound (two directories, once) made every request in a third
 * directory rebuild a cache in the background, which with 100 documents open in a few directories
 * took a third of the CPU away from the requests.
 *
 * <p>Once the caches are at their byte bound, a request hopping among more directories than fit
 * would rebuild an evicted cache on nearly every request (100 documents open in ten directories:
 * about 1 ms of background CPU per request, competing with the requests on two cores). So after a
 * build that evicted another cache, caches that are missing are not built for {@link
 * #EVICTING_BUILD_SHARE} (by default) times as long as that build took: such builds take at most a
 * twentieth of a core, and a request meanwhile goes without its directory cache (as it does while
 * any build runs). Rebuilds of a stale cache that is still kept are not held back. (Time-based, so
 * it makes which requests had a directory cache depend on timing: a benchmark scoring the rankings
 * turns it off, {@code EmbeddedCodeModel.Builder.directoryHoldBack(0)}.)
 */
final class DirectoryCaches {
  private static final int RESOLVED = 256;

  /**
   * By default a build that evicted holds back the builds of missing caches for this many times its
   * time.
   */
  static final int EVICTING_BUILD_SHARE = 20;

  private final int order;
  private final int maxTokens;
  private final long maxBytes;
  private final int holdBack;
  private final Executor executor;
  private final LongSupplier nanoTime;
  private final AtomicLong serials = new AtomicLong();

  /** Parent URI (up to and including the last '/') to the documents in it. */
  private final Map<String, Map<String, Versioned>> byDirectory = new ConcurrentHashMap<>();

  /** The built caches, least recently used first (guarded by itself). */
  private final Map<String, Built> built = new LinkedHashMap<>(16, 0.75f, true);

  /** The sum of the built caches' retained bytes (guarded by {@link #built}). */
  private long builtBytes;

  private final Set<String> building = ConcurrentHashMap.newKeySet();

  /**
   * Until when (in {@link #nanoTime}'s terms) caches that are missing are not built, after a build
   * that evicted one; see the class comment.
   */
  private volatile long heldBackUntil;

  private record Versioned(int[] tokens, long serial) {}

  private record Built(long stamp, CacheModel cache) {}

  /**
   * Bumped whenever a document URI appears or disappears: what {@link #resolve} answers depends on
   * nothing else, so its answers are remembered per path until then (requests ask on every
   * keystroke; a workspace may have thousands of directories).
   */
  private final AtomicLong layout = new AtomicLong();

  private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

  private record Resolved(long layout, String uri) {}

  /**
   * @param maxTokens tokens of one directory's cache
   * @param maxBytes retained bytes of all the caches kept (see {@link CacheModel#retainedBytes})
   */
  DirectoryCaches(int order, int maxTokens, long maxBytes, Executor executor) {
    this(order, maxTokens, maxBytes, EVICTING_BUILD_SHARE, executor, System::nanoTime);
  }

  /**
   * @param holdBack after a build that evicted, missing caches wait this many times its time (0:
   *     never, the cache is built at once)
   * @param nanoTime the clock that hold-back is timed by
   */
  DirectoryCaches(
      int order,
      int maxTokens,
      long maxBytes,
      int holdBack,
      Executor executor,
      LongSupplier nanoTime) {
    this.order = order;
    this.maxTokens = maxTokens;
    this.maxBytes = maxBytes;
    this.holdBack = holdBack;
    this.executor = executor;
    this.nanoTime = nanoTime;
    this.heldBackUntil = nanoTime.getAsLong();
  }

  void put(String uri, int[] tokens) {
    Versioned v = new Versioned(tokens, serials.incrementAndGet());
    byDirectory.compute(
        parent(uri),
        (dir, docs) -> {
          Map<String, Versioned> m = docs == null ? new ConcurrentHashMap<>() : docs;
          if (m.put(uri, v) == null) {
            layout.incrementAndGet();
          }
          return m;
        });
  }

  void remove(String uri) {
    byDirectory.computeIfPresent(
        parent(uri),
        (dir, docs) -> {
          if (docs.remove(uri) != null) {
            layout.incrementAndGet();
          }
          return docs.isEmpty() ? null : docs;
        });
  }

  /**
   * The directory cache for the file at the workspace-relative {@code path} (see {@link
   * #cacheFor}), found by the learned document with that path or, for a file not learned yet, by a
   * directory whose URI ends with the path's folder. {@code null} when there is none.
   */
  CacheModel cacheForPath(String path) {
    String uri = resolve(path);
    return uri == null ? null : cacheFor(uri);
  }

  /**
   * The URI the file at the workspace-relative {@code path} has (or would have) among the learned
   * documents, or {@code null} when neither it nor its folder is known.
   */
  String resolve(String path) {
    if (path.isEmpty()) {
      return null;
    }
    long now = layout.get();
    Resolved known = resolved.get(path);
    if (known != null && known.layout() == now) {
      return known.uri();
    }
    String uri = search(path);
    if (resolved.size() >= RESOLVED) {
      resolved.clear();
    }
    resolved.put(path, new Resolved(now, uri));
    return uri;
  }

  /** Walks the directories for {@link #resolve}. */
  private String search(String path) {
    String normalized = path.replace('\\', '/');
    String name = normalized.substring(normalized.lastIndexOf('/') + 1);
    String folder = normalized.substring(0, normalized.length() - name.length());
    String dirSuffix = "/" + folder;
    String sameFolder = null;
    for (Map.Entry<String, Map<String, Versioned>> e : byDirectory.entrySet()) {
      String dir = e.getKey();
      if (dir.endsWith(dirSuffix)) {
        if (e.getValue().containsKey(dir + name)) {
          return dir + name;
        }
        if (!folder.isEmpty() && !e.getValue().isEmpty()) {
          sameFolder = dir + name;
        }
      }
    }
    return sameFolder;
  }

  /**
   * The cache of the documents of {@code uri}'s directory, or {@code null} while none is ready or
   * when {@code uri} is alone there (its file cache already covers it). Schedules a build when the
   * ready one is stale or missing.
   */
  CacheModel cacheFor(String uri) {
    String dir = parent(uri);
    Map<String, Versioned> docs = byDirectory.get(dir);
    if (docs == null || docs.isEmpty() || (docs.size() == 1 && docs.containsKey(uri))) {
      return null;
    }
    long stamp = stamp(docs);
    Built current;
    synchronized (built) {
      current = built.get(dir);
    }
    if (current == null ? !heldBack() : current.stamp() != stamp) {
      scheduleBuild(dir);
    }
    return current == null ? null : current.cache();
  }

  /** Whether a missing cache may not be built now (see the class comment). */
  private boolean heldBack() {
    return nanoTime.getAsLong() - heldBackUntil < 0;
  }

  private void scheduleBuild(String dir) {
    if (!building.add(dir)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              build(dir);
            } finally {
              building.remove(dir);
            }
          });
    } catch (RejectedExecutionException e) {
      building.remove(dir); // shutting down
    }
  }

  private void build(String dir) {
    Map<String, Versioned> docs = byDirectory.get(dir);
    if (docs == null) {
      return;
    }
    long start = nanoTime.getAsLong();
    Map<String, Versioned> snapshot = Map.copyOf(docs);
    List<Map.Entry<String, Versioned>> entries = new ArrayList<>(snapshot.entrySet());
    entries.sort(
        Comparator.comparingLong((Map.Entry<String, Versioned> e) -> e.getValue().serial())
            .reversed());
    long tokens = 0;
    List<int[]> chosen = new ArrayList<>();
    for (Map.Entry<String, Versioned> e : entries) {
      int[] t = e.getValue().tokens();
      if (tokens + t.length > maxTokens) {
        continue;
      }
      chosen.add(t);
      tokens += t.length;
    }
    // sized for the 5.5–6.2 entries per token of a package's files (no growth; trimmed below)
    CacheModel cache = new CacheModel(order, WordRanking.sizing((int) tokens));
    for (int[] t : chosen) {
      cache.addDocument(t, 1);
    }
    cache.trim();
    Built b = new Built(stamp(snapshot), cache);
    boolean evicted = false;
    synchronized (built) {
      Built old = built.put(dir, b);
      builtBytes += cache.retainedBytes() - (old == null ? 0 : old.cache().retainedBytes());
      var lru = built.entrySet().iterator();
      while (builtBytes > maxBytes && built.size() > 1) {
        Map.Entry<String, Built> eldest = lru.next();
        if (eldest.getKey().equals(dir)) {
          continue; // the one just built stays
        }
        builtBytes -= eldest.getValue().cache().retainedBytes();
        lru.remove();
        evicted = true;
      }
    }
    if (evicted) {
      long end = nanoTime.getAsLong();
      heldBackUntil = end + holdBack * (end - start);
    }
  }

  /** The directories whose caches are kept, least recently used first (for tests). */
  List<String> retainedDirectories() {
    synchronized (built) {
      return List.copyOf(built.keySet());
    }
  }

  /** A fingerprint of the documents of one directory. */
  private static long stamp(Map<String, Versioned> docs) {
    long s = 0;
    for (Versioned v : docs.values()) {
      s += mix(v.serial());
    }
    return s;
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  static String parent(String uri) {
    int slash = uri.lastIndexOf('/');
    return slash < 0 ? "" : uri.substring(0, slash + 1);
  }

  long retainedBytes() {
    synchronized (built) {
      return builtBytes;
    }
  }
}

package dev.codeloop.bench.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.IndexStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Speed benchmark: index build time of a 100k-line workspace and of java.base, persistence round
 * trip, memory, and the latency of {@code complete()} on the java.base model.
 */
public final class SpeedBenchmark {
  private SpeedBenchmark() {}

  public static void main(String[] args) throws Exception {
    int samples = Integer.getInteger("samples", 2000);
    Path tmp = Files.createTempDirectory("codeloop-speed");
    List<JdkCorpus.SourceFile> base = JdkCorpus.read(List.of("java.base/"));
    Path small = tmp.resolve("ws100k");
    Path full = tmp.resolve("javabase");
    long lines = 0;
    for (JdkCorpus.SourceFile f : base) {
      write(full, f);
      if (lines < 100_000) {
        write(small, f);
        lines += f.text().lines().count();
      }
    }
    print(
        "workspace 1: %d lines (%s); workspace 2: java.base, %d files", lines, small, base.size());
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      // 1. 100k-line workspace
      EmbeddedCodeModel m1 = EmbeddedCodeModel.builder().executor(executor).build();
      long t0 = System.nanoTime();
      IndexStats s1 = m1.indexWorkspace(small, null, null).join();
      print(
          "index 100k lines: %s in %.2fs (%.0f tokens/s)",
          s1, sec(System.nanoTime() - t0), s1.tokens() / sec(System.nanoTime() - t0));

      // 2. java.base with persistence
      Path cache = tmp.resolve("cache");
      System.gc();
      long heap0 = used();
      EmbeddedCodeModel m2 = EmbeddedCodeModel.builder().executor(executor).cacheDir(cache).build();
      t0 = System.nanoTime();
      IndexStats s2 = m2.indexWorkspace(full, null, null).join();
      double indexSec = sec(System.nanoTime() - t0);
      System.gc();
      long heap1 = used();
      print(
          "index java.base: %s in %.2fs (%.0f tokens/s); heap retained by the model (GC delta) %.1f MB, model's own estimate %.1f MB",
          s2,
          indexSec,
          s2.tokens() / indexSec,
          (heap1 - heap0) / 1e6,
          m2.stats().retainedBytes() / 1e6);
      t0 = System.nanoTime();
      m2.persist();
      print(
          "persist: %.2fs, file %.1f MB",
          sec(System.nanoTime() - t0), Files.size(cache.resolve("embedded-model.bin")) / 1e6);
      t0 = System.nanoTime();
      EmbeddedCodeModel m3 = EmbeddedCodeModel.builder().executor(executor).cacheDir(cache).build();
      double loadSec = sec(System.nanoTime() - t0);
      t0 = System.nanoTime();
      IndexStats s3 = m3.indexWorkspace(full, null, null).join();
      print(
          "restart: load %.2fs, re-index of unchanged workspace %.2fs (%s)",
          loadSec, sec(System.nanoTime() - t0), s3);

      // 3. latency on held-out files
      List<JdkCorpus.SourceFile> test = JdkCorpus.read(JdkCorpus.TEST_MODULES);
      Random random = new Random(42);
      for (int warm = 0; warm < 300; warm++) {
        m3.complete(request(test, random), 3, () -> {});
      }
      long[] nanos = new long[samples];
      List<Long> single = new java.util.ArrayList<>();
      List<Long> block = new java.util.ArrayList<>();
      int nonEmpty = 0;
      for (int i = 0; i < samples; i++) {
        FimRequest r = request(test, random);
        long a = System.nanoTime();
        List<String> out = m3.complete(r, 3, () -> {});
        nanos[i] = System.nanoTime() - a;
        (r.multiline() ? block : single).add(nanos[i]);
        if (!out.isEmpty()) {
          nonEmpty++;
        }
      }
      Arrays.sort(nanos);
      print(
          "complete() latency over %d random cursors in held-out files (3 candidates): p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms; non-empty answers %.1f%%",
          samples,
          nanos[samples / 2] / 1e6,
          nanos[(int) (samples * 0.95)] / 1e6,
          nanos[(int) (samples * 0.99)] / 1e6,
          nanos[samples - 1] / 1e6,
          100.0 * nonEmpty / samples);
      for (List<Long> l : List.of(single, block)) {
        l.sort(null);
        print(
            "  %s requests: n=%d p50=%.2f ms p95=%.2f ms",
            l == single ? "single-line" : "multiline",
            l.size(),
            l.get(l.size() / 2) / 1e6,
            l.get((int) (l.size() * 0.95)) / 1e6);
      }

      // 4. the caches at their bounds: the held-out files opened in the editor (recent files and
      // directory caches fill up), then the same latency measurement again
      System.gc();
      long heap2 = used();
      for (JdkCorpus.SourceFile f : test) {
        m3.updateDocument("file:///held-out/" + f.name(), "java", f.text());
      }
      drain(executor);
      for (int i = 0; i < 300; i++) {
        m3.complete(request(test, random), 3, () -> {}); // schedules the directory caches
      }
      drain(executor);
      System.gc();
      long heap3 = used();
      print(
          "after opening the %d held-out files (recent-files cache and directory caches at their bounds): heap +%.1f MB (GC delta), model's own estimate now %.1f MB",
          test.size(), (heap3 - heap2) / 1e6, m3.stats().retainedBytes() / 1e6);
      long[] withCaches = new long[samples];
      for (int i = 0; i < samples; i++) {
        FimRequest r = request(test, random);
        long a = System.nanoTime();
        m3.complete(r, 3, () -> {});
        withCaches[i] = System.nanoTime() - a;
      }
      Arrays.sort(withCaches);
      print(
          "complete() latency with those caches: p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms",
          withCaches[samples / 2] / 1e6,
          withCaches[(int) (samples * 0.95)] / 1e6,
          withCaches[(int) (samples * 0.99)] / 1e6,
          withCaches[samples - 1] / 1e6);
      m1.close();
      m2.close();
      m3.close();
    } finally {
      executor.shutdownNow();
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Waits until the single-threaded executor has run everything queued so far. */
  private static void drain(ExecutorService executor) throws Exception {
    for (int i = 0; i < 3; i++) {
      executor.submit(() -> {}).get();
    }
  }

  private static FimRequest request(List<JdkCorpus.SourceFile> files, Random random) {
    JdkCorpus.SourceFile f = files.get(random.nextInt(files.size()));
    String text = f.text();
    int cursor = random.nextInt(text.length());
    boolean multiline = random.nextInt(4) == 0;
    return new FimRequest(
        f.name(), "java", text.substring(0, cursor), text.substring(cursor), List.of(), multiline);
  }

  private static void write(Path root, JdkCorpus.SourceFile f) throws Exception {
    Path p = root.resolve(f.name());
    Files.createDirectories(p.getParent());
    Files.writeString(p, f.text());
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }

  private static void print(String fmt, Object... args) {
    System.out.println(String.format(Locale.ROOT, fmt, args));
  }
}

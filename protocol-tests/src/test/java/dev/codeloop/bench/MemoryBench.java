package dev.codeloop.bench;

import dev.codeloop.protocol.LspFrames;
import dev.codeloop.protocol.TestFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Resident memory of the real server process on a large workspace (issue 14 item 3): a main class,
 * not a test; JDK only.
 *
 * <p>Per run: a fresh server process ({@code server/target/codeloop} or {@code java -jar}) with a
 * workspace of up to 20,000 real Java files (extracted once from the JDK's {@code lib/src.zip}),
 * fresh configuration and model folders (so no user state and no persisted model is reused). {@code
 * initialize} with the workspace as root, 3 s, VmRSS (idle, before indexing); {@code initialized},
 * wait for the end of the "learning the workspace" progress, 5 s, VmRSS (indexed); {@code didOpen}
 * of 100 files of the workspace, 100 completions, then the model's stability delay so it learns the
 * open buffers, VmRSS (open); 30 s idle, VmRSS (idle after); {@code didClose} of all, 15 s, VmRSS
 * (closed). {@code codeloop.stats} after each step gives the embedded model's documents, tokens and
 * estimated bytes.
 *
 * <pre>
 * java -cp protocol-tests/target/test-classes dev.codeloop.bench.MemoryBench \
 *     [--launcher server/target/codeloop | --jar server/target/codeloop.jar] [--java J] [--jvm-opt O]...
 *     (with the launcher, --java and --jvm-opt go through CODELOOP_JAVA and CODELOOP_JAVA_OPTS)
 *     [--files 20000] [--open 100] [--runs 1] [--workspace DIR] [--src-zip PATH] [--label L]
 *     [--settings JSON]   (the user settings file's content)
 *     [--probe-ms N]      (while the open files are learned: an invoked inline completion every N ms, timed)
 * </pre>
 */
public final class MemoryBench {
  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"?([^\",}]+)\"?");

  private MemoryBench() {}

  /** RSS at the sample, the peak RSS since the phase began (-1 if unknown), the model's figures. */
  record Sample(long rssKb, long peakKb, String stats) {}

  record Run(
      Sample idle,
      Sample indexed,
      double indexSeconds,
      Sample open,
      Sample idleAfter,
      Sample closed,
      int answered,
      long[] probeNanos) {}

  public static void main(String[] args) throws Exception {
    String launcher = null;
    String jar = null;
    String java = null;
    List<String> jvmOpts = new ArrayList<>();
    int files = 20_000;
    int open = 100;
    int runs = 1;
    Path workspace = null;
    List<Path> srcZips = new ArrayList<>();
    String label = null;
    String settings = null;
    boolean histogram = false; // each sample also prints the top of the class histogram (jcmd)
    int probeMs = 0; // > 0: while the open files are learned, a completion every probeMs, timed
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--launcher" -> launcher = args[++i];
        case "--jar" -> jar = args[++i];
        case "--java" -> java = args[++i];
        case "--jvm-opt" -> jvmOpts.add(args[++i]);
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--open" -> open = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--workspace" -> workspace = Path.of(args[++i]);
        case "--src-zip" -> srcZips.add(Path.of(args[++i]));
        case "--label" -> label = args[++i];
        case "--settings" -> settings = args[++i];
        case "--histogram" -> histogram = true;
        case "--probe-ms" -> probeMs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (launcher == null && jar == null) {
      launcher = "server/target/codeloop";
    }
    List<String> cmd = new ArrayList<>();
    Map<String, String> launcherEnv = new LinkedHashMap<>();
    if (launcher != null) {
      cmd.add(Path.of(launcher).toAbsolutePath().toString());
      if (java != null) {
        launcherEnv.put("CODELOOP_JAVA", java);
      }
      if (!jvmOpts.isEmpty()) {
        launcherEnv.put("CODELOOP_JAVA_OPTS", String.join(" ", jvmOpts));
      }
    } else {
      cmd.add(
          java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOpts);
      cmd.add("-jar");
      cmd.add(Path.of(jar).toAbsolutePath().toString());
    }
    if (srcZips.isEmpty()) {
      // JDK 25's sources hold 15,224 Java files; a second copy of the first ones completes the
      // 20,000 (as a workspace with vendored or forked modules has)
      Path jdk = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip");
      srcZips.add(jdk);
      srcZips.add(jdk);
    }
    if (workspace == null) {
      workspace = Path.of(System.getProperty("java.io.tmpdir"), "codeloop-memws2-" + files);
    }
    List<Path> sources = workspace(workspace, srcZips, files);
    if (label == null) {
      label = String.join(" ", cmd.subList(Math.max(0, cmd.size() - 2), cmd.size()));
    }
    System.out.printf(
        Locale.ROOT,
        "MemoryBench: %s%s, workspace %s (%d files, %.1f MB), %d documents opened, load %s%n",
        launcherEnv.isEmpty() ? "" : launcherEnv + " ",
        String.join(" ", cmd),
        workspace,
        sources.size(),
        totalBytes(sources) / 1e6,
        open,
        ProcStats.loadAverage());
    Path home = Path.of(System.getProperty("java.io.tmpdir"), "codeloop-membench-home");
    List<Run> results = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      Run run =
          runOnce(cmd, launcherEnv, home, workspace, sources, open, settings, histogram, probeMs);
      results.add(run);
      System.out.printf(
          Locale.ROOT,
          "run %d: idle %.1f MB | indexed %.1f MB (%.1f s) | +%d open %.1f MB | idle 45 s %.1f MB"
              + " | closed %.1f MB | %d/%d completions answered | load %s%n",
          r + 1,
          run.idle().rssKb() / 1024.0,
          run.indexed().rssKb() / 1024.0,
          run.indexSeconds(),
          open,
          run.open().rssKb() / 1024.0,
          run.idleAfter().rssKb() / 1024.0,
          run.closed().rssKb() / 1024.0,
          run.answered(),
          open,
          ProcStats.loadAverage());
      System.out.printf(
          Locale.ROOT,
          "  peak RSS (VmHWM) per phase: start %.1f MB | indexing %.1f MB | opening %.1f MB"
              + " | idle 45 s %.1f MB | closing %.1f MB%n",
          run.idle().peakKb() / 1024.0,
          run.indexed().peakKb() / 1024.0,
          run.open().peakKb() / 1024.0,
          run.idleAfter().peakKb() / 1024.0,
          run.closed().peakKb() / 1024.0);
      if (run.probeNanos().length > 0) {
        long[] t = run.probeNanos().clone();
        Arrays.sort(t);
        System.out.printf(
            Locale.ROOT,
            "  completions while the open files are learned: %d, p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n",
            t.length,
            t[t.length / 2] / 1e6,
            t[Math.min(t.length - 1, (int) Math.ceil(t.length * 0.99) - 1)] / 1e6,
            t[t.length - 1] / 1e6);
      }
      System.out.println("  embedded after indexing: " + run.indexed().stats());
      System.out.println("  embedded with documents open: " + run.open().stats());
      System.out.println("  embedded after closing them: " + run.closed().stats());
    }
    System.out.println();
    System.out.println(
        "| configuration | idle before indexing | indexed | + "
            + open
            + " open, completions | after 45 s idle | all closed | indexing |");
    System.out.println("|---|---|---|---|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %s (median of %d) | %.1f MB | %.1f MB | %.1f MB | %.1f MB | %.1f MB | %.1f s |%n",
        label,
        results.size(),
        med(results, Run::idle, Sample::rssKb),
        med(results, Run::indexed, Sample::rssKb),
        med(results, Run::open, Sample::rssKb),
        med(results, Run::idleAfter, Sample::rssKb),
        med(results, Run::closed, Sample::rssKb),
        ServerBench.median(results.stream().mapToDouble(Run::indexSeconds).toArray()));
    System.out.println();
    System.out.println(
        "| configuration: peak RSS while | starting | indexing | opening "
            + open
            + ", completions | 45 s idle | closing them |");
    System.out.println("|---|---|---|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %s (median of %d) | %.1f MB | %.1f MB | %.1f MB | %.1f MB | %.1f MB |%n",
        label,
        results.size(),
        med(results, Run::idle, Sample::peakKb),
        med(results, Run::indexed, Sample::peakKb),
        med(results, Run::open, Sample::peakKb),
        med(results, Run::idleAfter, Sample::peakKb),
        med(results, Run::closed, Sample::peakKb));
  }

  /** The median over {@code runs} of one figure (in KB) of one sample, in MB. */
  private static double med(
      List<Run> runs,
      java.util.function.Function<Run, Sample> sample,
      java.util.function.ToLongFunction<Sample> kb) {
    return ServerBench.median(
        runs.stream().mapToDouble(r -> kb.applyAsLong(sample.apply(r)) / 1024.0).toArray());
  }

  private static long totalBytes(List<Path> files) throws IOException {
    long n = 0;
    for (Path p : files) {
      n += Files.size(p);
    }
    return n;
  }

  /**
   * The workspace's Java files, extracting them the first time from the source archives in order
   * (each into a folder of its own, {@code src1}, {@code src2}, ...) until there are {@code files}.
   */
  static List<Path> workspace(Path dir, List<Path> srcZips, int files) throws IOException {
    Path done = dir.resolve(".extracted");
    if (!Files.exists(done)) {
      Files.createDirectories(dir);
      int n = 0;
      for (int z = 0; z < srcZips.size() && n < files; z++) {
        Path base = dir.resolve("src" + (z + 1));
        try (ZipFile zip = new ZipFile(srcZips.get(z).toFile())) {
          List<? extends ZipEntry> entries =
              zip.stream()
                  .filter(e -> !e.isDirectory() && e.getName().endsWith(".java"))
                  .filter(e -> !e.getName().endsWith("module-info.java"))
                  .sorted(Comparator.comparing(ZipEntry::getName))
                  .toList();
          for (ZipEntry e : entries) {
            if (n >= files) {
              break;
            }
            Path target = base.resolve(e.getName()).normalize();
            if (!target.startsWith(base)) {
              continue;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(e)) {
              Files.copy(in, target);
            }
            n++;
          }
        }
      }
      Files.writeString(done, n + "\n");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /**
   * For {@code windowNanos}: an invoked inline completion at a random place of one of the open
   * documents, then {@code everyMs} of quiet, and so on (they edit nothing: the documents are still
   * learned); each one's time from its send to its answer.
   */
  private static long[] probe(
      Conn c, List<Path> docs, List<String> texts, Random random, int everyMs, long windowNanos)
      throws IOException, InterruptedException {
    List<Long> out = new ArrayList<>();
    long end = System.nanoTime() + windowNanos;
    for (int k = 0; System.nanoTime() < end; k++) {
      int i = k % docs.size();
      long t0 = System.nanoTime();
      if (c.awaitId(requestCompletion(c, docs.get(i), texts.get(i), random), 30) != null) {
        out.add(System.nanoTime() - t0);
      }
      Thread.sleep(everyMs);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Sends an invoked inline completion in the middle of a random line of {@code doc} (its text);
   * returns the request's id.
   */
  private static int requestCompletion(Conn c, Path doc, String text, Random random)
      throws IOException {
    String[] lines = text.split("\n", -1);
    int line = random.nextInt(Math.max(1, lines.length));
    int id = c.nextId();
    c.send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"textDocument/inlineCompletion\",\"params\":{\"textDocument\":"
            + "{\"uri\":\""
            + doc.toUri()
            + "\"},\"position\":{\"line\":"
            + line
            + ",\"character\":"
            + lines[line].length() / 2
            + "},\"context\":{\"triggerKind\":1}}}");
    return id;
  }

  private static Run runOnce(
      List<String> cmd,
      Map<String, String> launcherEnv,
      Path home,
      Path workspace,
      List<Path> sources,
      int open,
      String settings,
      boolean histogram,
      int probeMs)
      throws Exception {
    Path fresh = Files.createTempDirectory("codeloop-membench");
    Path stderr = Files.createTempFile("codeloop-membench-stderr", ".log");
    System.out.println("  server's stderr: " + stderr);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("CODELOOP_") || k.startsWith("XDG_"));
    env.putAll(launcherEnv);
    env.put("XDG_CONFIG_HOME", fresh.resolve("config").toString());
    env.put("XDG_DATA_HOME", fresh.resolve("data").toString());
    env.put("XDG_STATE_HOME", fresh.resolve("state").toString());
    // the launcher's class-data archive lives in the cache folder: keep it between runs; the
    // embedded model's folder is fresh in every run
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.put("CODELOOP_CACHE_DIR", fresh.resolve("model").toString());
    if (settings != null) {
      Path config = fresh.resolve("config/codeloop/config.json");
      Files.createDirectories(config.getParent());
      Files.writeString(config, settings);
    }
    Process p = pb.start();
    Conn c = new Conn(p.getInputStream(), p.getOutputStream());
    try {
      String root = workspace.toUri().toString();
      c.send(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
              + "\"rootUri\":\""
              + root
              + "\",\"capabilities\":{\"window\":{\"workDoneProgress\":true},"
              + "\"textDocument\":{\"completion\":{}}}}}");
      c.awaitId(1, 60);
      Thread.sleep(3000);
      Sample idle = sample(c, p.pid(), histogram);
      long t0 = System.nanoTime();
      ProcStats.resetPeak(p.pid());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      c.awaitProgressEnd("learning the workspace", 1200);
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(5000);
      Sample indexed = sample(c, p.pid(), histogram);

      Random random = new Random(14);
      List<Path> chosen = new ArrayList<>(sources);
      java.util.Collections.shuffle(chosen, random);
      chosen = chosen.subList(0, Math.min(open, chosen.size()));
      List<String> texts = new ArrayList<>();
      ProcStats.resetPeak(p.pid());
      for (Path f : chosen) {
        String text = Files.readString(f);
        texts.add(text);
        c.send(
            "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
                + "{\"uri\":\""
                + f.toUri()
                + "\",\"languageId\":\"java\",\"version\":1,\"text\":"
                + Json.quote(text)
                + "}}}");
      }
      int answered = 0;
      for (int i = 0; i < chosen.size(); i++) {
        if (c.awaitId(requestCompletion(c, chosen.get(i), texts.get(i), random), 30) != null) {
          answered++;
        }
      }
      // the model learns an open buffer once it stayed untouched for embedded.stableAfterMs (10 s)
      long[] probe = new long[0];
      if (probeMs > 0) {
        probe = probe(c, chosen, texts, random, probeMs, TimeUnit.SECONDS.toNanos(15));
      } else {
        Thread.sleep(15_000);
      }
      Sample opened = sample(c, p.pid(), histogram);
      ProcStats.resetPeak(p.pid());
      Thread.sleep(45_000);
      Sample idleAfter = sample(c, p.pid(), histogram);
      ProcStats.resetPeak(p.pid());
      for (Path f : chosen) {
        c.send(
            "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":"
                + "{\"uri\":\""
                + f.toUri()
                + "\"}}}");
      }
      Thread.sleep(15_000);
      Sample closed = sample(c, p.pid(), histogram);
      int id = c.nextId();
      c.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"shutdown\"}");
      c.awaitId(id, 30);
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      p.waitFor(60, TimeUnit.SECONDS);
      return new Run(idle, indexed, indexSeconds, opened, idleAfter, closed, answered, probe);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      TestFiles.deleteTree(fresh);
    }
  }

  private static Sample sample(Conn c, long pid, boolean histogram)
      throws IOException, InterruptedException {
    long rss = ProcStats.of(pid).map(ProcStats::rssKb).orElse(-1L);
    long peak = ProcStats.peakKb(pid);
    if (histogram) {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process h =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      List<String> lines =
          new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      h.waitFor(60, TimeUnit.SECONDS);
      System.out.printf(Locale.ROOT, "  VmRSS %.1f MB; live heap by class:%n", rss / 1024.0);
      lines.stream().limit(18).forEach(l -> System.out.println("    " + l));
      lines.stream()
          .filter(l -> l.startsWith("Total"))
          .forEach(l -> System.out.println("    " + l));
    }
    int id = c.nextId();
    c.send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"codeloop.stats\","
            + "\"arguments\":[]}}");
    String reply = c.awaitId(id, 30);
    String embedded = "(no reply)";
    if (reply != null) {
      int at = reply.indexOf("\"embedded\":{\"documents\"");
      embedded =
          at < 0
              ? "(none)"
              : reply.substring(at + 11, reply.indexOf('}', reply.indexOf('}', at) + 1) + 1);
    }
    return new Sample(rss, peak, embedded);
  }

  /**
   * Frames out, frames in on a reader thread that answers the server's own requests (progress
   * tokens, configuration) and queues everything else.
   */
  private static final class Conn {
    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Boolean> progressTitles = new ConcurrentHashMap<>();
    private int nextId = 100;

    Conn(InputStream in, OutputStream out) {
      this.in = new BufferedInputStream(in, 1 << 16);
      this.out = new BufferedOutputStream(out, 1 << 16);
      Thread reader = new Thread(this::read, "membench-reader");
      reader.setDaemon(true);
      reader.start();
    }

    int nextId() {
      return nextId++;
    }

    synchronized void send(String body) throws IOException {
      LspFrames.write(out, body);
    }

    private void read() {
      try {
        String body;
        while ((body = LspFrames.read(in)) != null) {
          java.util.Optional<String> answer =
              body.contains("\"method\"")
                  ? ServerRequests.answer(body)
                  : java.util.Optional.empty();
          if (answer.isPresent()) {
            send(answer.get());
          } else {
            inbox.put(body);
          }
        }
      } catch (IOException | InterruptedException e) {
        // the process ended
      }
    }

    /** The reply with this id, or null after the timeout. */
    String awaitId(int id, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (true) {
        String body = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (body == null) {
          return null;
        }
        Matcher m = ID.matcher(body);
        if (!body.contains("\"method\"") && m.find() && Integer.parseInt(m.group(1)) == id) {
          return body;
        }
        noteProgress(body);
      }
    }

    private final Map<String, Boolean> ended = new ConcurrentHashMap<>();

    private void noteProgress(String body) {
      if (!body.contains("\"$/progress\"")) {
        return;
      }
      Matcher t = TOKEN.matcher(body);
      if (!t.find()) {
        return;
      }
      String token = t.group(1);
      if (body.contains("\"kind\":\"begin\"")) {
        progressTitles.put(token, body.contains("learning the workspace"));
      } else if (body.contains("\"kind\":\"end\"")) {
        ended.put(token, Boolean.TRUE);
      }
    }

    /** Waits until a progress whose title contains {@code title} ended. */
    void awaitProgressEnd(String title, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        for (Map.Entry<String, Boolean> e : progressTitles.entrySet()) {
          if (e.getValue() && ended.containsKey(e.getKey())) {
            return;
          }
        }
        String body = inbox.poll(1, TimeUnit.SECONDS);
        if (body != null) {
          noteProgress(body);
        }
      }
      System.out.println("  (no end of '" + title + "' within " + seconds + " s)");
    }
  }
}

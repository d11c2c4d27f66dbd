package dev.codeloop.bench;

import dev.codeloop.protocol.LspFrames;
import dev.codeloop.protocol.TestFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Process-level benchmark of the server, following the protocol of our benchmark doc. Not a test: a
 * main class that prints figures. Uses only the JDK so it can run from {@code target/test-classes}
 * alone:
 *
 * <pre>
 * java -cp protocol-tests/target/test-classes dev.codeloop.bench.ServerBench \
 *     [--java /path/to/bin/java] [--jar server/target/codeloop.jar] [--runs 10] [--jvm-opt OPT]... [--label NAME]
 *     [--skip-edits | --edits-every-run] [--launcher server/target/codeloop]
 *     [--code-actions N [--language java|typescript] [--untimed M]] [--settle-ms MS]
 * </pre>
 *
 * Per run (one fresh server process each): time from spawn to the {@code initialize} reply; time
 * from spawn until the first request after {@code initialized} is answered (ready); idle RSS
 * (VmRSS) 2 s (or MS) after {@code initialized} (CPU and RSS of the process and the processes it
 * started); round-trip time of 50 sequential requests of an unknown method (answered -32601 on the
 * dispatch thread, so this is pure protocol overhead); didOpen of a 5,000-line Java file + barrier
 * request; 200 single-character incremental didChange + barrier; 10,000 single-character edits into
 * a 20,000-line document + barrier; with {@code --code-actions N}, N {@code
 * textDocument/codeAction} requests on an empty range of a 200-line document of the language (after
 * N/5 untimed, or M), p50 and p99. The barrier is a request: sync notifications are applied in
 * order on the dispatch thread, so its reply proves that everything before it was applied.
 */
public final class ServerBench {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  private ServerBench() {}

  /** Figures of one run. */
  record Run(
      double startupMs,
      double readyMs,
      double startupCpuMs,
      double startupBusiestThreadCpuMs,
      long idleRssKb,
      double rttP50Ms,
      double rttP95Ms,
      double didOpen5kMs,
      double didChange200Ms,
      double edits10kMs,
      long rssAfterEditsKb,
      double codeActionP50Ms,
      double codeActionP99Ms,
      int codeActionErrors) {}

  public static void main(String[] args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = "server/target/codeloop.jar";
    int runs = 10;
    String label = "";
    boolean editsEveryRun = false;
    boolean skipEdits = false;
    String launcher = null; // e.g. server/target/codeloop or a peer server: run it, not java -jar
    List<String> jvmOpts = new ArrayList<>();
    List<String> launcherArgs = new ArrayList<>(); // arguments of --launcher (a peer's --stdio)
    int codeActions = 0;
    int untimed = -1; // a fifth of the code actions
    int settleMs = 2000;
    String language = "java";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--java" -> java = args[++i];
        case "--jar" -> jar = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--jvm-opt" -> jvmOpts.add(args[++i]);
        case "--label" -> label = args[++i];
        case "--edits-every-run" -> editsEveryRun = true;
        case "--skip-edits" -> skipEdits = true;
        case "--launcher" -> launcher = args[++i];
        case "--arg" -> launcherArgs.add(args[++i]);
        case "--code-actions" -> codeActions = Integer.parseInt(args[++i]);
        case "--language" -> language = args[++i];
        case "--untimed" -> untimed = Integer.parseInt(args[++i]);
        case "--settle-ms" -> settleMs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOpts);
    cmd.add("-jar");
    cmd.add(jar);
    if (launcher != null) {
      cmd.clear();
      cmd.add(launcher);
      cmd.addAll(launcherArgs);
    }
    System.out.println("# " + label + ": " + String.join(" ", cmd));
    System.out.println("# load before: " + ProcStats.loadAverage());
    // the 5,000-line document in the server's language (a TypeScript server gets TypeScript)
    String doc5k = language.equals("typescript") ? typescriptFile(5_000) : javaFile(5_000);
    String doc20k = javaFile(20_000);
    List<Run> results = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      Run run =
          runOnce(
              cmd,
              doc5k,
              doc20k,
              !skipEdits && (editsEveryRun || r == 0),
              codeActions,
              untimed < 0 ? codeActions / 5 : untimed,
              settleMs,
              language);
      results.add(run);
      System.out.printf(
          Locale.ROOT,
          "run %2d: startup %7.1f ms, ready %7.1f ms (CPU %5.0f ms, busiest thread %5.0f ms)  idleRSS %6.1f MB  RTT p50 %.3f ms p95 %.3f ms  didOpen5k %7.1f ms  didChange200 %7.1f ms  edits10k %s  RSS after edits %s%s%n",
          r + 1,
          run.startupMs(),
          run.readyMs(),
          run.startupCpuMs(),
          run.startupBusiestThreadCpuMs(),
          run.idleRssKb() / 1024.0,
          run.rttP50Ms(),
          run.rttP95Ms(),
          run.didOpen5kMs(),
          run.didChange200Ms(),
          run.edits10kMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", run.edits10kMs()),
          run.rssAfterEditsKb() < 0
              ? "-"
              : String.format(Locale.ROOT, "%.1f MB", run.rssAfterEditsKb() / 1024.0),
          codeActions == 0
              ? ""
              : String.format(
                  Locale.ROOT,
                  "  codeAction p50 %.3f ms p99 %.3f ms (%d error replies)",
                  run.codeActionP50Ms(),
                  run.codeActionP99Ms(),
                  run.codeActionErrors()));
    }
    System.out.println("# load after: " + ProcStats.loadAverage());
    System.out.printf(
        Locale.ROOT,
        "MEDIAN %s: startup %.1f ms (min %.1f, max %.1f; ready %.1f ms; CPU user+sys %.0f ms, busiest thread %.0f ms) | idle RSS %.1f MB | RTT p50 %.3f ms, p95 %.3f ms | didOpen 5k lines %.1f ms | 200 didChange %.1f ms | 10k edits into 20k lines %s%n",
        label,
        median(results.stream().mapToDouble(Run::startupMs).toArray()),
        results.stream().mapToDouble(Run::startupMs).min().orElse(0),
        results.stream().mapToDouble(Run::startupMs).max().orElse(0),
        median(results.stream().mapToDouble(Run::readyMs).toArray()),
        median(results.stream().mapToDouble(Run::startupCpuMs).toArray()),
        median(results.stream().mapToDouble(Run::startupBusiestThreadCpuMs).toArray()),
        median(results.stream().mapToDouble(x -> x.idleRssKb() / 1024.0).toArray()),
        median(results.stream().mapToDouble(Run::rttP50Ms).toArray()),
        median(results.stream().mapToDouble(Run::rttP95Ms).toArray()),
        median(results.stream().mapToDouble(Run::didOpen5kMs).toArray()),
        median(results.stream().mapToDouble(Run::didChange200Ms).toArray()),
        String.format(
            Locale.ROOT,
            "%.1f ms",
            median(results.stream().mapToDouble(Run::edits10kMs).filter(x -> x >= 0).toArray())));
    if (codeActions > 0) {
      System.out.printf(
          Locale.ROOT,
          "MEDIAN %s: codeAction on an empty range (%s, %d per run) p50 %.3f ms, p99 %.3f ms;"
              + " error replies %d%n",
          label,
          language,
          codeActions,
          median(results.stream().mapToDouble(Run::codeActionP50Ms).toArray()),
          median(results.stream().mapToDouble(Run::codeActionP99Ms).toArray()),
          results.stream().mapToInt(Run::codeActionErrors).sum());
    }
  }

  private static Run runOnce(
      List<String> cmd,
      String doc5k,
      String doc20k,
      boolean edits,
      int codeActions,
      int untimed,
      int settleMs,
      String language)
      throws Exception {
    Path xdg = Files.createTempDirectory("codeloop-bench-xdg");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("XDG_CONFIG_HOME", xdg.toString());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      Conn c = new Conn(p.getInputStream(), p.getOutputStream());
      c.send(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}");
      c.awaitId(1);
      double startup = (System.nanoTime() - t0) / 1e6;
      double startupCpu = ProcStats.ofTree(p.pid()).map(ProcStats::cpuMs).orElse(-1L);
      double busiestThread = ProcStats.busiestThreadCpuMs(p.pid());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      // ready: spawn until the first request after initialized is answered (the server may answer
      // initialize before everything else is loaded)
      c.send(unknown(99));
      c.awaitId(99);
      double ready = (System.nanoTime() - t0) / 1e6;
      Thread.sleep(settleMs);
      long rss = ProcStats.ofTree(p.pid()).map(ProcStats::rssKb).orElse(-1L);

      int id = 100;
      double[] rtt = new double[50];
      for (int i = 0; i < rtt.length; i++) {
        long s = System.nanoTime();
        c.send(unknown(id));
        c.awaitId(id++);
        rtt[i] = (System.nanoTime() - s) / 1e6;
      }
      Arrays.sort(rtt);

      // codeAction on an empty range in a small document of the language, as an editor asks at
      // every cursor move: a fifth of the count first untimed (the server's own warm-up), or
      // --untimed
      double[] actions = new double[codeActions];
      int actionErrors = 0;
      if (codeActions > 0) {
        boolean small = language.equals("typescript");
        String uri = small ? "file:///bench/small.ts" : "file:///bench/Small.java";
        int lines = 200;
        c.send(didOpen(uri, language, small ? typescriptFile(lines) : javaFile(lines)));
        c.send(unknown(id));
        c.awaitId(id++);
        for (int i = -untimed; i < codeActions; i++) {
          long a = System.nanoTime();
          c.send(codeAction(id, uri, 2 + Math.floorMod(i * 37, lines - 4)));
          String reply = c.awaitId(id++);
          if (i >= 0) {
            actions[i] = (System.nanoTime() - a) / 1e6;
            if (reply.contains("\"error\"")) {
              actionErrors++;
            }
          }
        }
        Arrays.sort(actions);
      }

      long s = System.nanoTime();
      boolean ts = language.equals("typescript");
      String fiveUri = ts ? "file:///bench/five.ts" : "file:///bench/Five.java";
      c.send(didOpen(fiveUri, language, doc5k));
      c.send(unknown(id));
      c.awaitId(id++);
      double open5k = (System.nanoTime() - s) / 1e6;

      s = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        // in TypeScript within the line (a function's name); the Java figures keep their history
        c.send(insert(fiveUri, 2 + i, 2500, ts ? 20 + i % 8 : 4 + i, "x"));
      }
      c.send(unknown(id));
      c.awaitId(id++);
      double change200 = (System.nanoTime() - s) / 1e6;

      double edits10k = -1;
      long rssAfter = -1;
      if (edits) {
        c.send(didOpen("file:///bench/Twenty.java", "java", doc20k));
        c.send(unknown(id));
        c.awaitId(id++);
        s = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
          // spread over the document: line moves through the file, column stays in the line
          c.send(insert("file:///bench/Twenty.java", 2 + i, (i * 7) % 20_000 + 1, 4, "y"));
        }
        c.send(unknown(id));
        c.awaitId(id++);
        edits10k = (System.nanoTime() - s) / 1e6;
        rssAfter = ProcStats.of(p.pid()).map(ProcStats::rssKb).orElse(-1L);
      }

      c.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"shutdown\"}");
      c.awaitId(id);
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      p.waitFor(10, TimeUnit.SECONDS);
      return new Run(
          startup,
          ready,
          startupCpu,
          busiestThread,
          rss,
          percentile(rtt, 50),
          percentile(rtt, 95),
          open5k,
          change200,
          edits10k,
          rssAfter,
          percentile(actions, 50),
          percentile(actions, 99),
          actionErrors);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      TestFiles.deleteTree(xdg);
    }
  }

  private static String unknown(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"codeloop/benchBarrier\",\"params\":{}}";
  }

  private static String codeAction(int id, String uri, int line) {
    String pos = "{\"line\":" + line + ",\"character\":4}";
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"textDocument/codeAction\",\"params\":{\"textDocument\":{\"uri\":\""
        + uri
        + "\"},\"range\":{\"start\":"
        + pos
        + ",\"end\":"
        + pos
        + "},\"context\":{\"diagnostics\":[]}}}";
  }

  private static String didOpen(String uri, String languageId, String text) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\""
        + uri
        + "\",\"languageId\":\""
        + languageId
        + "\",\"version\":1,\"text\":"
        + Json.quote(text)
        + "}}}";
  }

  private static String insert(String uri, int version, int line, int character, String text) {
    String pos = "{\"line\":" + line + ",\"character\":" + character + "}";
    return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\""
        + uri
        + "\",\"version\":"
        + version
        + "},\"contentChanges\":[{\"range\":{\"start\":"
        + pos
        + ",\"end\":"
        + pos
        + "},\"text\":"
        + Json.quote(text)
        + "}]}}";
  }

  /** A syntactically plausible Java file of exactly {@code lines} lines. */
  static String javaFile(int lines) {
    StringBuilder sb = new StringBuilder(lines * 40);
    sb.append("package bench;\n");
    sb.append("public class Big {\n");
    for (int i = 2; i < lines - 1; i++) {
      sb.append(
          i % 10 == 0
              ? "  // section " + i + "\n"
              : "  private int field" + i + " = " + i + " * 31;\n");
    }
    sb.append("}\n");
    return sb.toString();
  }

  /** A TypeScript file of exactly {@code lines} lines: functions a type checker can read. */
  static String typescriptFile(int lines) {
    StringBuilder sb = new StringBuilder(lines * 60);
    sb.append("// bench\n");
    for (int i = 1; i < lines - 1; i++) {
      sb.append(
          "export function field"
              + i
              + "(a: number, b: number): number { return a + b * "
              + i
              + "; }\n");
    }
    sb.append("export const last = field1(1, 2);\n");
    return sb.toString();
  }

  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Frames out, frames in; reading happens on the caller's thread (no hand-off in the timed path).
   */
  private static final class Conn {
    private final InputStream in;
    private final OutputStream out;

    Conn(InputStream in, OutputStream out) {
      this.in = new BufferedInputStream(in, 1 << 16);
      this.out = new BufferedOutputStream(out, 1 << 16);
    }

    void send(String body) throws IOException {
      LspFrames.write(out, body);
    }

    /**
     * Reads frames until the response with this id (notifications and other replies are skipped).
     */
    String awaitId(int id) throws IOException {
      while (true) {
        String body = LspFrames.read(in);
        if (body == null) {
          throw new IOException("server closed the stream while waiting for id " + id);
        }
        if (body.contains("\"method\"")) {
          java.util.Optional<String> answer = ServerRequests.answer(body);
          if (answer.isPresent()) {
            send(answer.get());
          }
          continue;
        }
        Matcher m = ID.matcher(body);
        if (m.find() && Integer.parseInt(m.group(1)) == id) {
          return body;
        }
      }
    }
  }
}

package dev.codeloop.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load benchmark of docs/RELIABILITY.md: one server process listening on {@code --tcp 0}, many
 * editors connected to it at once, each typing and sending requests at a fixed rate (see {@link
 * LoadRun} for the mix) — against a loopback OpenAI-compatible model ({@link FaultyModel}, a small
 * latency, optionally faults) or against the embedded model (no model configured). Prints per
 * method p50/p99/max, errors by code, unanswered and twice-answered requests, whether every editor
 * still gets answers afterwards, the server's RSS and threads before/peak/after and its CPU time,
 * and what the model server saw. Not a test: a main class (JDK only).
 *
 * <pre>
 * java -cp protocol-tests/target/test-classes dev.codeloop.bench.LoadBench \
 *     [--editors 16] [--rate 20] [--warm-up 10] [--seconds 60] [--model loopback|embedded]
 *     [--faults 0.3]
 *     [--latency 20-50] [--hang-ms 15000] [--seed 1] [--drain-ms 30000]
 *     [--command "server/target/codeloop"] [--jar server/target/codeloop.jar]
 * </pre>
 *
 * The server is started as editors start it, with the launcher {@code server/target/codeloop} (its
 * heap and GC flags, its class-data archive in {@code $TMPDIR/codeloop-loadbench-cache}, kept
 * between runs); {@code --jar} runs {@code java -jar} instead, {@code --command} anything else.
 *
 * <p>The editors send at full rate from the start; latencies are those of the requests sent after
 * the first {@code --warm-up} seconds (the first second of a cold server is class loading and JIT).
 * Exit code 0 when every request was answered exactly once, every editor still got answers
 * afterwards and no request sent after the warm-up got an error, except the expected ones: with
 * {@code --faults} the model's failures as request-failed errors (-32803); with the embedded model,
 * resolving an action that needs a model (-32803, "No model is configured"). An internal error
 * (-32603) always fails.
 */
public final class LoadBench {
  private static final Pattern LISTENING =
      Pattern.compile("codeloop listening on 127\\.0\\.0\\.1:(\\d+)");

  private LoadBench() {}

  public static void main(String[] args) throws Exception {
    int editors = 16;
    double rate = 20;
    int seconds = 60;
    int warmUp = 10;
    String model = "loopback";
    double faults = 0;
    int minLatency = 20;
    int maxLatency = 50;
    long hangMs = 15_000;
    long seed = 1;
    long drainMs = 30_000;
    List<String> command = new ArrayList<>(List.of("server/target/codeloop"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--editors" -> editors = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
        case "--model" -> model = args[++i];
        case "--faults" -> faults = Double.parseDouble(args[++i]);
        case "--latency" -> {
          String[] range = args[++i].split("-");
          minLatency = Integer.parseInt(range[0]);
          maxLatency = Integer.parseInt(range[range.length - 1]);
        }
        case "--hang-ms" -> hangMs = Long.parseLong(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--drain-ms" -> drainMs = Long.parseLong(args[++i]);
        case "--jar" ->
            command =
                new ArrayList<>(
                    List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        args[++i]));
        case "--command" -> command = new ArrayList<>(Arrays.asList(args[++i].split(" ")));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!model.equals("loopback") && !model.equals("embedded")) {
      throw new IllegalArgumentException("--model loopback|embedded");
    }
    FaultyModel loopback =
        model.equals("loopback")
            ? new FaultyModel(seed, minLatency, maxLatency, faults, hangMs)
            : null;
    String settings =
        loopback == null ? embeddedSettings() : loopbackSettings(loopback.baseUrl(), faults > 0);
    Path home = Files.createTempDirectory("codeloop-loadbench");
    Path workspace = Files.createDirectories(home.resolve("shop"));
    command.add("--tcp");
    command.add("0");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "codeloop-loadbench-cache");
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("CODELOOP_CACHE_DIR", home.resolve("cache").toString());
    pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY") || k.startsWith("OLLAMA"));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    System.out.printf(
        Locale.ROOT,
        "load bench: %s model%s, %s UTC, load average %s%n",
        model,
        loopback == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (latency %d-%d ms, faults %.0f %%)",
                minLatency,
                maxLatency,
                faults * 100),
        java.time.Instant.now().toString().substring(0, 19),
        load);
    System.out.println("server: " + String.join(" ", command));
    Process server = pb.start();
    Deque<String> tail = new ArrayDeque<>();
    List<String> firstWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger warnings = new AtomicInteger();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread stderr =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                  if ((line.contains("WARN")
                          || line.contains("ERROR")
                          || line.contains("Exception"))
                      && !line.contains("Unmatched cancel notification")) {
                    if (warnings.incrementAndGet() <= 8) {
                      firstWarnings.add(line);
                    }
                  }
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                      tail.removeFirst();
                    }
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
              port.complete(-1);
            },
            "server-stderr");
    stderr.setDaemon(true);
    stderr.start();
    int exit;
    try {
      int p = port.get(60, TimeUnit.SECONDS);
      if (p < 0) {
        throw new IllegalStateException("server did not start: " + String.join("\n", tail));
      }
      LoadRun.Report report =
          new LoadRun(
                  new LoadRun.Options(editors, rate, warmUp, seconds, seed, drainMs, settings),
                  p,
                  server.pid(),
                  workspace)
              .run();
      System.out.print(report.format());
      if (loopback != null) {
        System.out.println("model server: " + loopback.summary());
      }
      System.out.printf(
          Locale.ROOT,
          "server alive %s; %d warning/error lines on its stderr; load average now %s%n",
          server.isAlive(),
          warnings.get(),
          Files.readString(Path.of("/proc/loadavg")).trim());
      firstWarnings.forEach(l -> System.out.println("  | " + l));
      boolean embedded = loopback == null;
      boolean modelFailuresExpected = faults > 0;
      boolean ok =
          report.unanswered() == 0
              && report.answeredTwice() == 0
              && report.aliveEditors() == editors
              && server.isAlive()
              && report.methods().stream()
                  .filter(m -> !m.method().equals(LoadRun.WARM_UP))
                  .allMatch(
                      m ->
                          m.errors().keySet().stream()
                              .allMatch(
                                  code ->
                                      code == -32803
                                          && (modelFailuresExpected
                                              || (embedded
                                                  && m.method().equals("codeAction/resolve")))));
      System.out.println(ok ? "PASS" : "FAIL");
      exit = ok ? 0 : 1;
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      if (loopback != null) {
        loopback.close();
      }
    }
    System.exit(exit);
  }

  /** One OpenAI-compatible model on the loopback for completion, code actions and chat. */
  public static String loopbackSettings(String baseUrl, boolean faults) {
    return "{\"models\":{\"loop\":{\"provider\":\"openai-compatible\",\"baseUrl\":"
        + Json.quote(baseUrl)
        + ",\"model\":\"qwen2.5-coder-7b\",\"fimTemplate\":\"qwen\",\"timeoutMs\":3000}},"
        + "\"routes\":{\"completion\":[\"loop\"],\"codeAction\":[\"loop\"],\"chat\":[\"loop\"]},"
        + "\"deadlines\":{\"codeAction\":10000,\"chat\":10000},"
        // under faults, a short cool-down keeps the faulty model in use instead of skipped
        + (faults ? "\"breaker\":{\"failureThreshold\":3,\"coolDownMs\":500}," : "")
        + "\"embedded\":{\"indexWorkspace\":false},\"completion\":{\"style\":\"both\"}}";
  }

  /** No model configured: the embedded model answers completions. */
  public static String embeddedSettings() {
    return "{\"embedded\":{\"indexWorkspace\":false},\"completion\":{\"style\":\"both\"}}";
  }
}

package dev.codeloop.bench;

import com.sun.net.httpserver.HttpServer;
import dev.codeloop.protocol.LspFrames;
import dev.codeloop.protocol.TestFiles;
import dev.codeloop.protocol.WarmUpHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cold starts against a quick loopback model: does the first completion after start-up meet its
 * deadline? Per run one fresh server process: {@code initialize} (settings routing {@code
 * completion} to an OpenAI-compatible FIM endpoint on 127.0.0.1 that answers at once, the default
 * 2.5 s completion deadline), {@code initialized}, {@code didOpen}, then — after {@code --delay} ms
 * (0: at once, the worst case) — an invoked {@code textDocument/inlineCompletion}. A run misses
 * when the reply is an error or has no item. Not a test: a main class that prints figures (JDK
 * only).
 *
 * <pre>
 * java -cp protocol-tests/target/test-classes dev.codeloop.bench.FirstCompletionBench \
 *     [--runs 20] [--delay 0] [--command "server/target/codeloop"] [--jar server/target/codeloop.jar]
 * </pre>
 */
public final class FirstCompletionBench {
  private FirstCompletionBench() {}

  public static void main(String[] args) throws Exception {
    int runs = 20;
    long delayMs = 0;
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "server/target/codeloop.jar"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--delay" -> delayMs = Long.parseLong(args[++i]);
        case "--jar" -> command.set(2, args[++i]);
        case "--command" -> command = new ArrayList<>(Arrays.asList(args[++i].split(" ")));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    AtomicInteger hits = new AtomicInteger();
    HttpServer model =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    model.setExecutor(Executors.newFixedThreadPool(2));
    model.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          if (WarmUpHead.answered(ex)) {
            ex.close();
            return;
          }
          hits.incrementAndGet();
          byte[] body =
              ("{\"choices\":[{\"index\":0,\"text\":\"append(1);\",\"finish_reason\":\"stop\"}],"
                      + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    model.start();
    String settings =
        "{\"models\":{\"fast\":{\"provider\":\"openai-compatible\",\"baseUrl\":\"http://127.0.0.1:"
            + model.getAddress().getPort()
            + "/v1\",\"model\":\"qwen2.5-coder-7b\",\"fimTemplate\":\"qwen\"}},"
            + "\"routes\":{\"completion\":[\"fast\"]},\"embedded\":{\"indexWorkspace\":false}}";
    int misses = 0;
    double[] firstMs = new double[runs];
    double[] startMs = new double[runs];
    try {
      for (int r = 0; r < runs; r++) {
        double[] t = run(command, settings, delayMs);
        startMs[r] = t[0];
        firstMs[r] = t[1];
        boolean ok = t[2] > 0;
        if (!ok) {
          misses++;
        }
        System.out.printf(
            Locale.ROOT,
            "run %2d: initialize %.0f ms, first completion %.0f ms, %s%n",
            r + 1,
            t[0],
            t[1],
            ok ? "answered" : t[3] != 0 ? "MISSED (error " + (int) t[3] + ")" : "MISSED (empty)");
      }
    } finally {
      model.stop(0);
      ((java.util.concurrent.ExecutorService) model.getExecutor()).shutdownNow();
    }
    Arrays.sort(firstMs);
    Arrays.sort(startMs);
    System.out.printf(
        Locale.ROOT,
        "%d runs, delay %d ms: %d missed the deadline; first completion median %.0f ms, max %.0f"
            + " ms; initialize median %.0f ms; model requests %d%n",
        runs,
        delayMs,
        misses,
        firstMs[runs / 2],
        firstMs[runs - 1],
        startMs[runs / 2],
        hits.get());
  }

  /**
   * {initialize ms, first completion ms, 1 if answered with an item else 0, the error code of an
   * error reply (0 for an empty result)}.
   */
  private static double[] run(List<String> command, String settings, long delayMs)
      throws Exception {
    Path home = Files.createTempDirectory("codeloop-firstbench");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    pb.environment().put("CODELOOP_CACHE_DIR", home.resolve("cache").toString());
    for (String k : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY")) {
      pb.environment().remove(k);
    }
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try (OutputStream out = p.getOutputStream();
        InputStream in = p.getInputStream()) {
      LspFrames.write(
          out,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
              + "\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
              + "\"initializationOptions\":{\"settings\":"
              + settings
              + "}}}");
      awaitId(in, 1);
      double init = (System.nanoTime() - t0) / 1e6;
      LspFrames.write(out, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      LspFrames.write(
          out,
          "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
              + "{\"uri\":\"file:///tmp/codeloop-firstbench/M.java\",\"languageId\":\"java\","
              + "\"version\":1,\"text\":\"class M {\\n  void run(StringBuilder b) {\\n    b.\\n"
              + "  }\\n}\\n\"}}}");
      if (delayMs > 0) {
        Thread.sleep(delayMs);
      }
      long t1 = System.nanoTime();
      LspFrames.write(
          out,
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/inlineCompletion\",\"params\":"
              + "{\"textDocument\":{\"uri\":\"file:///tmp/codeloop-firstbench/M.java\"},"
              + "\"position\":{\"line\":2,\"character\":6},\"context\":{\"triggerKind\":1}}}");
      String reply = awaitId(in, 2);
      double first = (System.nanoTime() - t1) / 1e6;
      boolean answered = reply.contains("append(1);");
      LspFrames.write(out, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}");
      awaitId(in, 3);
      LspFrames.write(out, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      p.waitFor(10, TimeUnit.SECONDS);
      java.util.regex.Matcher code =
          java.util.regex.Pattern.compile("\"code\":(-?\\d+)").matcher(reply);
      return new double[] {
        init, first, answered ? 1 : 0, code.find() ? Integer.parseInt(code.group(1)) : 0
      };
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      TestFiles.deleteTree(home);
    }
  }

  /** Reads frames until the response with this id; returns its body. */
  private static String awaitId(InputStream in, int id) throws IOException {
    while (true) {
      String body = LspFrames.read(in);
      if (body == null) {
        throw new IOException("server closed its output");
      }
      if (body.contains("\"id\":" + id + ",") || body.contains("\"id\":" + id + "}")) {
        if (!body.contains("\"method\"")) {
          return body;
        }
      }
    }
  }
}

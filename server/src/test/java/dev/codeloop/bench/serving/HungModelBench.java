package dev.codeloop.bench.serving;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.handler.NullLanguageClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Serving under a hung model (issue 10): six {@code codeloop.ask} requests wait on a loopback
 * OpenAI-compatible model that never answers, while requests that need no model ({@code
 * textDocument/codeAction}, {@code codeloop.stats}) and inline completions on the embedded model
 * are timed through the real LSP path of a production session. Then 1,000 requests against a
 * failing and a hung model, and the JVM's live thread count before and after.
 *
 * <p>Run: {@code ./mvnw -B -q -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.codeloop.bench.serving.HungModelBench}
 */
public final class HungModelBench {
  private static final int STUCK = 6;
  private static final int SAMPLES = 400;

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("codeloop-hung-bench");
    HttpServer hung =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger hungCalls = new AtomicInteger();
    hung.createContext(
        "/v1/chat/completions",
        ex -> {
          hungCalls.incrementAndGet();
          try {
            never.await(); // hangs until the bench ends
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    hung.createContext(
        "/fail/v1/chat/completions",
        ex -> {
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    hung.setExecutor(Executors.newCachedThreadPool());
    hung.start();
    String base = "http://127.0.0.1:" + hung.getAddress().getPort();
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME", root.resolve("config").toString(),
            "XDG_CACHE_HOME", root.resolve("cache").toString(),
            "XDG_STATE_HOME", root.resolve("state").toString(),
            "HOME", root.toString());
    ServerComponents components =
        ServerComponents.production(ServerExecutors.defaults(), env, "bench", log -> {});
    try (PipedLspConnection c = PipedLspConnection.open(components, new NullLanguageClient())) {
      run(c.server(), base, root);
      c.server().shutdown().get(30, TimeUnit.SECONDS);
      c.server().exit();
    } finally {
      never.countDown();
      components.close();
      hung.stop(0);
    }
    System.exit(0);
  }

  private static void run(LanguageServer server, String base, Path root) throws Exception {
    InitializeParams init = new InitializeParams();
    init.setCapabilities(new org.eclipse.lsp4j.ClientCapabilities());
    JsonObject options = new JsonObject();
    options.add(
        "settings",
        JsonParser.parseString(
            """
            {"models": {
               "hung": {"provider": "openai-compatible", "baseUrl": "%s/v1", "model": "h",
                        "timeoutMs": 600000},
               "failing": {"provider": "openai-compatible", "baseUrl": "%s/fail/v1", "model": "f",
                           "timeoutMs": 600000}},
             "routes": {"chat": ["hung"], "codeAction": ["failing"]},
             "deadlines": {"chat": 600000},
             "embedded": {"indexWorkspace": false}}
            """
                .formatted(base, base)));
    init.setInitializationOptions(options);
    server.initialize(init).get(30, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    String uri = root.resolve("A.java").toUri().toString();
    StringBuilder text = new StringBuilder("class A {\n");
    for (int i = 0; i < 200; i++) {
      text.append("  int f").append(i).append("(int x) { return x + ").append(i).append("; }\n");
    }
    text.append("  int g() { return f");
    String body = text.toString();
    server
        .getTextDocumentService()
        .didOpen(
            new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", 1, body + "\n}\n")));
    Position end = new Position(201, "  int g() { return f".length());

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    print("live threads before: %d", threads.getThreadCount());

    // Six asks stuck on the hung model.
    List<CompletableFuture<Object>> stuck = new ArrayList<>();
    for (int i = 0; i < STUCK; i++) {
      stuck.add(
          server
              .getWorkspaceService()
              .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("question " + i))));
    }
    Thread.sleep(500);
    print(
        "asks stuck on the hung model: %d (done: %d)",
        STUCK, stuck.stream().filter(CompletableFuture::isDone).count());

    long[] codeAction = new long[SAMPLES];
    long[] stats = new long[SAMPLES];
    long[] inline = new long[SAMPLES / 4];
    int inlineAnswered = 0;
    for (int i = 0; i < SAMPLES; i++) {
      long t0 = System.nanoTime();
      server
          .getTextDocumentService()
          .codeAction(
              new CodeActionParams(
                  new TextDocumentIdentifier(uri),
                  new Range(new Position(1, 2), new Position(1, 2)),
                  new CodeActionContext(List.of())))
          .get(60, TimeUnit.SECONDS);
      codeAction[i] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      server
          .getWorkspaceService()
          .executeCommand(new ExecuteCommandParams("codeloop.stats", List.of()))
          .get(60, TimeUnit.SECONDS);
      stats[i] = System.nanoTime() - t0;
      if (i % 4 == 0) {
        t0 = System.nanoTime();
        var r =
            server
                .getTextDocumentService()
                .inlineCompletion(
                    new InlineCompletionParams(
                        new TextDocumentIdentifier(uri),
                        end,
                        new InlineCompletionContext(InlineCompletionTriggerKind.Invoked)))
                .get(60, TimeUnit.SECONDS);
        inline[i / 4] = System.nanoTime() - t0;
        inlineAnswered++;
      }
    }
    report("codeAction (no model) while 6 asks hang", codeAction);
    report("codeloop.stats while 6 asks hang", stats);
    report("inline completion, embedded model (deadline 2500 ms), while 6 asks hang", inline);
    print("inline completions answered: %d of %d", inlineAnswered, inline.length);
    stuck.forEach(f -> f.cancel(true));

    // 1,000 requests against faulty models: a failing one (codeAction resolve → 500) and a hung one
    // cancelled by the client.
    int before = threads.getThreadCount();
    for (int i = 0; i < 1000; i++) {
      CompletableFuture<Object> ask =
          server
              .getWorkspaceService()
              .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("q" + i)));
      if (i % 2 == 0) {
        ask.cancel(true);
      } else {
        try {
          ask.get(50, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          ask.cancel(true);
        }
      }
    }
    Thread.sleep(3000);
    int after = threads.getThreadCount();
    print(
        "live threads around 1,000 requests on faulty models: before %d, after %d", before, after);
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    print(
        "%s: n=%d p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
        what,
        s.length,
        s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.95)] / 1e6,
        s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6,
        s[s.length - 1] / 1e6);
  }

  private static void print(String fmt, Object... args) {
    System.out.println(String.format(fmt, args));
  }

  private HungModelBench() {}
}

package dev.codeloop.bench.router;

import com.sun.net.httpserver.HttpServer;
import dev.codeloop.model.CallControl;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelCall;
import dev.codeloop.model.ModelClient;
import dev.codeloop.model.ModelOutput;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.ModelRouter;
import dev.codeloop.model.SessionRouter;
import dev.codeloop.model.Task;
import dev.codeloop.model.config.BreakerSettings;
import dev.codeloop.model.config.HedgingSettings;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import dev.codeloop.model.langchain4j.LangChain4jClientFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Router overhead per call: the same zero-latency model called directly and through {@link
 * ModelRouter} (route planning, fitting, executor hand-off, breaker, accounting). Two models: an
 * in-process one (pure Codeloop overhead) and an OpenAI-compatible loopback server answering at
 * once (end to end through LangChain4j and HTTP). Prints p50/p99 in microseconds. Not a test.
 *
 * <p>Run: {@code mvn -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.codeloop.bench.router.RouterOverheadBench}
 */
public final class RouterOverheadBench {
  private static final CancelChecker NEVER = () -> {};
  private static final String REPLY =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

  private RouterOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    // the JDK test server otherwise waits on delayed ACKs (~40 ms per loopback call)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] body = REPLY.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      ModelClient inProcess =
          (call, control, onPartial) -> CompletableFuture.completedFuture(ModelOutput.of("ok"));
      ModelSpec fake =
          ModelSpec.builder("fake", ProviderKind.OPENAI_COMPATIBLE, "m")
              .baseUrl("http://127.0.0.1:9/v1")
              .build();
      ModelSpec loop =
          ModelSpec.builder("loop", ProviderKind.OPENAI_COMPATIBLE, "m")
              .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
              .build();
      ModelSettings settings =
          new ModelSettings(
              Map.of("fake", fake, "loop", loop),
              Map.of("chat", List.of("fake"), "plan", List.of("loop")),
              Map.of(),
              Map.of(),
              HedgingSettings.OFF,
              BreakerSettings.DEFAULT,
              List.of());
      LangChain4jClientFactory lc4j = new LangChain4jClientFactory(executor);
      ModelClient loopClient = lc4j.create(loop, Map.of());
      SessionRouter router =
          ModelRouter.builder()
              .clientFactory((spec, env) -> spec.name().equals("fake") ? inProcess : loopClient)
              .modelExecutor(executor)
              .scheduler(scheduler)
              .clock(Clock.systemUTC())
              .build()
              .session(() -> settings);
      SessionRouter inline =
          ModelRouter.builder()
              .clientFactory((spec, env) -> inProcess)
              .modelExecutor(
                  com.google.common.util.concurrent.MoreExecutors.newDirectExecutorService())
              .scheduler(scheduler)
              .clock(Clock.systemUTC())
              .build()
              .session(() -> settings);
      ModelRequest chat = ModelRequest.chat(Task.CHAT, List.of(ChatTurn.user("ping")));
      ModelRequest plan = ModelRequest.chat(Task.PLAN, List.of(ChatTurn.user("ping")));
      ModelCall call = ModelCall.chat(List.of(ChatTurn.user("ping")), 16);

      long[] direct = measure(iterations, () -> inProcess.call(call, new CallControl(), null));
      long[] routed = measure(iterations, () -> router.complete(chat, NEVER));
      long[] routedInline = measure(iterations, () -> inline.complete(chat, NEVER));
      int httpIterations = Math.max(500, iterations / 10);
      long[] httpDirect =
          measure(httpIterations, () -> loopClient.call(call, new CallControl(), null));
      long[] httpRouted = measure(httpIterations, () -> router.complete(plan, NEVER));

      System.out.printf("in-process model, direct      : %s%n", summary(direct));
      System.out.printf("in-process model, via router  : %s%n", summary(routed));
      System.out.printf("via router, no thread hand-off: %s%n", summary(routedInline));
      System.out.printf(
          "router overhead (in-process)  : p50 %.1f us, p99 %.1f us%n",
          (pct(routed, 50) - pct(direct, 50)) / 1000.0,
          (pct(routed, 99) - pct(direct, 99)) / 1000.0);
      System.out.printf("loopback HTTP, direct LC4J    : %s%n", summary(httpDirect));
      System.out.printf("loopback HTTP, via router     : %s%n", summary(httpRouted));
      System.out.printf(
          "router overhead (loopback)    : p50 %.1f us, p99 %.1f us%n",
          (pct(httpRouted, 50) - pct(httpDirect, 50)) / 1000.0,
          (pct(httpRouted, 99) - pct(httpDirect, 99)) / 1000.0);
    } finally {
      executor.shutdownNow();
      scheduler.shutdownNow();
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  private static long[] measure(int iterations, Supplier<?> op) {
    for (int i = 0; i < iterations; i++) {
      op.get(); // warm-up
    }
    long[] nanos = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      op.get();
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static long pct(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String summary(long[] sorted) {
    return String.format(
        "p50 %.1f us, p99 %.1f us (n=%d)",
        pct(sorted, 50) / 1000.0, pct(sorted, 99) / 1000.0, sorted.length);
  }
}

package dev.codeloop.bench.workflow;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.handler.NullLanguageClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.ResourceOperationKind;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * What the workflows add beyond the tools' own time (issue 12), through the real LSP path of a
 * production session: {@code codeloop.runTests} on a Node and a pytest fixture (and, with {@code
 * --maven}, a Maven one) — request wall time minus the time the test process itself ran (from
 * {@code ProcessRunner}) — beside the same command run directly; and the whole {@code
 * codeloop.fixFailingTests} loop (fail, ask, apply, pass) with a zero-latency loopback
 * OpenAI-compatible model that answers the fix at once.
 *
 * <p>Run: {@code ./mvnw -B -q -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.codeloop.bench.workflow.WorkflowBench [-Dexec.args=--maven]}
 */
public final class WorkflowBench {
  private static final int RUNS = 9;
  private static final String BUGGY = "exports.add = (a, b) => a - b;\n";
  private static final String FIXED = "exports.add = (a, b) => a + b;\n";

  public static void main(String[] args) throws Exception {
    boolean maven = Arrays.asList(args).contains("--maven");
    HttpServer model =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    model.createContext(
        "/v1/chat/completions",
        ex -> {
          ex.getRequestBody().readAllBytes();
          JsonObject message = new JsonObject();
          message.addProperty("role", "assistant");
          message.addProperty("content", "math.js\n```js\n" + FIXED + "```\n");
          JsonObject choice = new JsonObject();
          choice.addProperty("index", 0);
          choice.add("message", message);
          choice.addProperty("finish_reason", "stop");
          JsonObject body = new JsonObject();
          body.addProperty("id", "bench");
          body.addProperty("object", "chat.completion");
          body.addProperty("created", 0);
          body.addProperty("model", "fixer");
          body.add("choices", new com.google.gson.JsonArray());
          body.getAsJsonArray("choices").add(choice);
          byte[] out = body.toString().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    model.start();
    String base = "http://127.0.0.1:" + model.getAddress().getPort() + "/v1";
    try {
      Path node = Files.createTempDirectory("codeloop-wf-node");
      nodeFixture(node);
      bench("node --test", node, base, List.of("node", "--test"), true);
      Path py = Files.createTempDirectory("codeloop-wf-pytest");
      pytestFixture(py);
      bench(
          "pytest",
          py,
          base,
          List.of("pytest", "-q", "--tb=short", "--junitxml=.codeloop/pytest-junit.xml"),
          false);
      if (maven) {
        Path mvn = Files.createTempDirectory("codeloop-wf-maven");
        mavenFixture(mvn);
        bench("mvn -B test", mvn, base, List.of("mvn", "-B", "test"), false);
      }
    } finally {
      model.stop(0);
    }
    System.exit(0);
  }

  private static void bench(
      String label, Path root, String base, List<String> direct, boolean fixLoop) throws Exception {
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME", root.resolve(".bench/config").toString(),
            "XDG_CACHE_HOME", root.resolve(".bench/cache").toString(),
            "XDG_STATE_HOME", root.resolve(".bench/state").toString(),
            "HOME", root.resolve(".bench").toString(),
            "PATH", System.getenv("PATH"));
    ServerComponents components =
        ServerComponents.production(ServerExecutors.defaults(), env, "bench", log -> {});
    try (PipedLspConnection c = PipedLspConnection.open(components, new ApplyingClient())) {
      LanguageServer server = c.server();
      InitializeParams init = new InitializeParams();
      ClientCapabilities caps = new ClientCapabilities();
      WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
      ws.setApplyEdit(true);
      WorkspaceEditCapabilities we = new WorkspaceEditCapabilities();
      we.setDocumentChanges(true);
      we.setResourceOperations(List.of(ResourceOperationKind.Create));
      ws.setWorkspaceEdit(we);
      caps.setWorkspace(ws);
      init.setCapabilities(caps);
      init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "bench")));
      JsonObject options = new JsonObject();
      options.add(
          "settings",
          JsonParser.parseString(
              """
              {"trustedWorkspaces": ["%s"],
               "models": {"fixer": {"provider": "openai-compatible", "baseUrl": "%s",
                                    "model": "fixer", "apiKey": "none"}},
               "routes": {"fixTests": ["fixer"]},
               "embedded": {"indexWorkspace": false}}
              """
                  .formatted(root, base)));
      init.setInitializationOptions(options);
      server.initialize(init).get(30, TimeUnit.SECONDS);
      server.initialized(new InitializedParams());

      List<Long> overhead = new ArrayList<>();
      List<Long> wall = new ArrayList<>();
      List<Long> own = new ArrayList<>();
      List<Long> directWall = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        long t0 = System.nanoTime();
        JsonObject summary = command(server, "codeloop.runTests");
        long w = (System.nanoTime() - t0) / 1_000_000;
        long tool = 0;
        for (var t : summary.getAsJsonArray("tools")) {
          tool += t.getAsJsonObject().get("durationMs").getAsLong();
        }
        if (i > 0) { // the first run warms the JVM paths
          wall.add(w);
          own.add(tool);
          overhead.add(w - tool);
        }
        long d0 = System.nanoTime();
        Process p =
            new ProcessBuilder(direct)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor(300, TimeUnit.SECONDS);
        if (i > 0) {
          directWall.add((System.nanoTime() - d0) / 1_000_000);
        }
      }
      System.out.printf(
          "%-14s runTests wall median %d ms (test process %d ms) → Codeloop adds median %d ms,"
              + " max %d ms; the same command run directly: median %d ms%n",
          label,
          median(wall),
          median(own),
          median(overhead),
          overhead.stream().mapToLong(Long::longValue).max().orElse(0),
          median(directWall));
      if (fixLoop) {
        List<Long> loops = new ArrayList<>();
        List<Long> loopOwn = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          Files.writeString(root.resolve("math.js"), BUGGY);
          long t0 = System.nanoTime();
          JsonObject result = command(server, "codeloop.fixFailingTests");
          long w = (System.nanoTime() - t0) / 1_000_000;
          if (!result.get("green").getAsBoolean()) {
            throw new IllegalStateException("the fix loop did not converge: " + result);
          }
          loops.add(w);
          loopOwn.add(result.get("durationMs").getAsLong());
        }
        System.out.printf(
            "%-14s fixFailingTests (fail → zero-latency model → apply → pass), wall median %d ms,"
                + " min %d, max %d (5 runs, 2 test runs each)%n",
            label,
            median(loops),
            loops.stream().mapToLong(Long::longValue).min().orElse(0),
            loops.stream().mapToLong(Long::longValue).max().orElse(0));
      }
      server.shutdown().get(30, TimeUnit.SECONDS);
      server.exit();
    } finally {
      components.close();
    }
  }

  private static JsonObject command(LanguageServer server, String id) throws Exception {
    Object r =
        server
            .getWorkspaceService()
            .executeCommand(new ExecuteCommandParams(id, List.of()))
            .get(600, TimeUnit.SECONDS);
    return new Gson().toJsonTree(r).getAsJsonObject();
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    s.sort(null);
    return s.isEmpty() ? 0 : s.get(s.size() / 2);
  }

  private static void nodeFixture(Path root) throws IOException {
    Files.writeString(root.resolve("package.json"), "{\"name\": \"bench\"}\n");
    Files.writeString(root.resolve("math.js"), FIXED);
    Files.writeString(
        root.resolve("math.test.js"),
        "const test = require('node:test');\nconst assert = require('node:assert');\n"
            + "const { add } = require('./math.js');\n"
            + "test('adds', () => {\n  assert.strictEqual(add(2, 3), 5);\n});\n");
  }

  private static void pytestFixture(Path root) throws IOException {
    Files.writeString(root.resolve("pyproject.toml"), "[tool.pytest.ini_options]\n");
    Files.writeString(root.resolve("stats.py"), "def mean(xs):\n    return sum(xs) / len(xs)\n");
    Files.writeString(
        root.resolve("test_stats.py"),
        "from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n");
  }

  private static void mavenFixture(Path root) throws IOException {
    Files.createDirectories(root.resolve("src/main/java/demo"));
    Files.createDirectories(root.resolve("src/test/java/demo"));
    Files.writeString(
        root.resolve("pom.xml"),
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
            + "<groupId>demo</groupId><artifactId>calc</artifactId><version>1</version>"
            + "<properties><maven.compiler.release>17</maven.compiler.release></properties>"
            + "<dependencies><dependency><groupId>org.junit.jupiter</groupId>"
            + "<artifactId>junit-jupiter</artifactId><version>6.1.3</version>"
            + "<scope>test</scope></dependency></dependencies><build><plugins>"
            + "<plugin><artifactId>maven-surefire-plugin</artifactId><version>3.6.1</version>"
            + "</plugin></plugins></build></project>\n");
    Files.writeString(
        root.resolve("src/main/java/demo/Calc.java"),
        "package demo;\n\npublic class Calc {\n  public static int add(int a, int b) {\n"
            + "    return a + b;\n  }\n}\n");
    Files.writeString(
        root.resolve("src/test/java/demo/CalcTest.java"),
        "package demo;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\n"
            + "import org.junit.jupiter.api.Test;\n\nclass CalcTest {\n  @Test\n  void adds() {\n"
            + "    assertEquals(5, Calc.add(2, 3));\n  }\n}\n");
  }

  /** Accepts every edit (the fix loop also writes the files itself). */
  private static final class ApplyingClient extends NullLanguageClient {
    @Override
    public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(
        ApplyWorkspaceEditParams params) {
      return CompletableFuture.completedFuture(new ApplyWorkspaceEditResponse(true));
    }
  }
}

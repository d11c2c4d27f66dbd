package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.bench.ProcStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, deterministic protocol fuzzer against the jar: well-formed requests of every method the
 * server has, with params from valid to hostile (nulls, wrong types, inverted ranges, negative and
 * huge positions, lone surrogate escapes, unknown fields), document sync with valid and broken
 * edits, unknown methods, and frames that are not JSON. Every well-formed request must be answered
 * exactly once (a result or an error carrying its id) and the process must stay up. The summary
 * line also gives the server's RSS after {@code initialize}, at its peak (sampled every 1,000
 * messages) and at the end, and its thread count before and after.
 *
 * <p>The build runs a short run; the long run of docs/RELIABILITY.md is
 *
 * <pre>
 * ./mvnw -B -o -q -pl server,protocol-tests package -Dtest=ProtocolFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.messages=100000 -Dfuzz.seed=1
 * </pre>
 */
@Timeout(3600)
class ProtocolFuzzTest {
  private static final List<String> METHODS =
      List.of(
          "textDocument/inlineCompletion",
          "textDocument/completion",
          "textDocument/codeAction",
          "codeAction/resolve",
          "textDocument/diagnostic",
          "workspace/diagnostic",
          "workspace/executeCommand",
          "completionItem/resolve",
          "textDocument/hover",
          "codeloop/unknown",
          "$/unknownRequest");

  private static final List<String> URIS =
      List.of(
          "file:///tmp/codeloop-fuzz/A.java",
          "file:///tmp/codeloop-fuzz/b.py",
          "file:///tmp/codeloop-fuzz/notes.codeloop.md",
          "file:///tmp/codeloop-fuzz/\\ud800.ts",
          "untitled:Untitled-1");

  private final Random random = new Random();
  private final Map<String, Integer> versions = new HashMap<>();

  @Test
  void should_answer_every_well_formed_request_and_stay_up(@TempDir Path xdg) throws Exception {
    long seed = Long.getLong("fuzz.seed", 20261202L);
    int messages = Integer.getInteger("fuzz.messages", 1500);
    random.setSeed(seed);
    try (ServerProcess server = ServerProcess.startWithout(xdg, Set.of("OPENAI_API_KEY"))) {
      RawClient raw = RawClient.over(server);
      raw.initialize(
          com.google.gson.JsonParser.parseString(
              "{\"processId\":null,\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
                  + "\"initializationOptions\":{\"settings\":{\"embedded\":"
                  + "{\"indexWorkspace\":false}}}}"));
      Optional<ProcStats> before = ProcStats.of(server.pid());
      long peakRssKb = before.map(ProcStats::rssKb).orElse(0L);
      List<Long> rssSteps = new java.util.ArrayList<>();
      Set<Integer> outstanding = new HashSet<>();
      Map<Integer, Integer> answers = new HashMap<>();
      long start = System.nanoTime();
      int nextId = 1;
      int requests = 0;
      for (int i = 0; i < messages; i++) {
        int kind = random.nextInt(100);
        if (kind < 40) {
          int id = nextId++;
          raw.send(request(id));
          outstanding.add(id);
          requests++;
        } else if (kind < 85) {
          raw.send(syncNotification());
        } else if (kind < 95) {
          raw.send(otherNotification());
        } else {
          raw.sendBytes(garbage());
        }
        drain(raw, outstanding, answers, Duration.ZERO);
        if (i % 1000 == 0) {
          long rss = ProcStats.of(server.pid()).map(ProcStats::rssKb).orElse(0L);
          peakRssKb = Math.max(peakRssKb, rss);
          if (i > 0 && i % Math.max(1000, messages / 10 / 1000 * 1000) == 0) {
            rssSteps.add(rss / 1024);
          }
        }
        if (outstanding.size() > 200) {
          // let the server catch up instead of queueing without bound
          drain(raw, outstanding, answers, Duration.ofMillis(50));
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
        drain(raw, outstanding, answers, Duration.ofMillis(100));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Optional<ProcStats> after = ProcStats.of(server.pid());
      long peak = Math.max(peakRssKb, after.map(ProcStats::rssKb).orElse(0L));
      System.out.printf(
          Locale.ROOT,
          "fuzz seed %d: %d messages (%d requests) in %.1f s; unanswered %d; alive %s;"
              + " server RSS %d MB after initialize, %d MB peak, %d MB at the end (MB along the"
              + " way: %s); threads %d, %d%n",
          seed,
          messages,
          requests,
          seconds,
          outstanding.size(),
          server.isAlive(),
          before.map(ProcStats::rssKb).orElse(0L) / 1024,
          peak / 1024,
          after.map(ProcStats::rssKb).orElse(0L) / 1024,
          rssSteps,
          before.map(ProcStats::threads).orElse(0),
          after.map(ProcStats::threads).orElse(0));

      assertThat(outstanding).as("requests never answered (seed " + seed + ")").isEmpty();
      assertThat(answers.values()).as("answered more than once").allMatch(n -> n == 1);
      assertThat(server.isAlive()).as("server alive\n" + server.stderrTail(4000)).isTrue();
      assertThat(raw.ping("after-fuzz").has("result")).isTrue();
    }
  }

  private static void drain(
      RawClient raw, Set<Integer> outstanding, Map<Integer, Integer> answers, Duration wait)
      throws InterruptedException {
    var first = raw.pollResponse(wait);
    while (first.isPresent()) {
      JsonObject r = first.get();
      if (r.has("id")
          && r.get("id").isJsonPrimitive()
          && r.get("id").getAsJsonPrimitive().isNumber()) {
        int id = r.get("id").getAsInt();
        outstanding.remove(id);
        answers.merge(id, 1, Integer::sum);
      }
      first = raw.pollResponse(Duration.ZERO);
    }
  }

  // --- generators ---

  private String request(int id) {
    String method = pick(METHODS);
    String params =
        switch (method) {
          case "textDocument/inlineCompletion" ->
              "{\"textDocument\":"
                  + doc()
                  + ",\"position\":"
                  + position()
                  + ",\"context\":{\"triggerKind\":"
                  + (1 + random.nextInt(2))
                  + "}}";
          case "textDocument/completion" ->
              "{\"textDocument\":" + doc() + ",\"position\":" + position() + "}";
          case "textDocument/codeAction" ->
              "{\"textDocument\":"
                  + doc()
                  + ",\"range\":"
                  + range()
                  + ",\"context\":{\"diagnostics\":[]}}";
          case "codeAction/resolve" ->
              "{\"title\":\"t\",\"data\":"
                  + oneOf(
                      "{\"schemaVersion\":1,\"provider\":\"explain\",\"action\":\"explain\","
                          + "\"uri\":"
                          + quoted(pick(URIS))
                          + ",\"version\":1,\"range\":"
                          + range()
                          + "}",
                      "\"garbage\"",
                      "null",
                      "[1,2]",
                      "{\"schemaVersion\":" + value() + "}")
                  + "}";
          case "textDocument/diagnostic" -> "{\"textDocument\":" + doc() + "}";
          case "workspace/diagnostic" -> "{\"previousResultIds\":[]}";
          case "workspace/executeCommand" ->
              "{\"command\":"
                  + oneOf(
                      "\"codeloop.showSettings\"",
                      "\"codeloop.completionStats\"",
                      "\"codeloop.stats\"",
                      "\"codeloop.nonexistent\"",
                      value())
                  + ",\"arguments\":["
                  + value()
                  + "]}";
          default -> "{\"textDocument\":" + doc() + ",\"position\":" + position() + "}";
        };
    if (random.nextInt(10) == 0) {
      params = oneOf("null", "[]", "{}", "\"x\"", "42", value());
    }
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":"
        + quoted(method)
        + (random.nextInt(20) == 0 ? "" : ",\"params\":" + params)
        + "}";
  }

  private String syncNotification() {
    String uri = pick(URIS);
    int r = random.nextInt(10);
    if (r < 2 || !versions.containsKey(uri)) {
      versions.put(uri, 1);
      return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
          + "{\"uri\":"
          + quoted(uri)
          + ",\"languageId\":\"java\",\"version\":1,\"text\":"
          + text()
          + "}}}";
    }
    if (r == 2) {
      versions.remove(uri);
      return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":"
          + "{\"uri\":"
          + quoted(uri)
          + "}}}";
    }
    int version = versions.merge(uri, 1, Integer::sum);
    String change =
        random.nextInt(8) == 0
            ? "{\"text\":" + text() + "}"
            : "{\"range\":" + range() + ",\"text\":" + text() + "}";
    return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
        + "{\"uri\":"
        + quoted(uri)
        + ",\"version\":"
        + version
        + "},\"contentChanges\":["
        + change
        + "]}}";
  }

  private String otherNotification() {
    return oneOf(
        "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":"
            + random.nextInt(1000)
            + "}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"workspace/didChangeConfiguration\",\"params\":"
            + "{\"settings\":{\"codeloop\":{\"completion\":{\"debounceMs\":"
            + value()
            + "}}}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didSave\",\"params\":{\"textDocument\":"
            + doc()
            + "}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"codeloop/unknownNotification\",\"params\":"
            + value()
            + "}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":" + value() + "}");
  }

  private byte[] garbage() {
    String s =
        oneOf(
            "{\"jsonrpc\":\"2.0\",\"id\":",
            "not json",
            "{'a':1}",
            "[1,2,3]",
            "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"text\":\"a\tb\"}}",
            "\"\\ud800\"",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}",
            "{}");
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String doc() {
    return "{\"uri\":" + quoted(pick(URIS)) + "}";
  }

  private String position() {
    return "{\"line\":" + coordinate() + ",\"character\":" + coordinate() + "}";
  }

  private String range() {
    if (random.nextInt(6) == 0) {
      return "{\"start\":" + position() + ",\"end\":" + position() + "}"; // maybe inverted
    }
    int line = random.nextInt(5);
    int ch = random.nextInt(10);
    int endLine = line + random.nextInt(2);
    int endCh = endLine == line ? ch + random.nextInt(5) : random.nextInt(10);
    return "{\"start\":{\"line\":"
        + line
        + ",\"character\":"
        + ch
        + "},\"end\":{\"line\":"
        + endLine
        + ",\"character\":"
        + endCh
        + "}}";
  }

  private String coordinate() {
    return switch (random.nextInt(12)) {
      case 0 -> "-1";
      case 1 -> "2147483647";
      case 2 -> "1.5";
      case 3 -> "\"3\"";
      default -> String.valueOf(random.nextInt(8));
    };
  }

  private String text() {
    return switch (random.nextInt(8)) {
      case 0 -> "\"\\ud800\"";
      case 1 -> "\"\\udc00x\\ud83d\\ude00\"";
      case 2 -> "\"\"";
      case 3 -> "\"class A {\\n  void f() {\\n    int x = 1;\\n  }\\n}\\n\"";
      case 4 -> "\"\\n\\n\\t\"";
      default -> quoted("x" + random.nextInt(100) + (random.nextBoolean() ? "\n" : " "));
    };
  }

  private String value() {
    return switch (random.nextInt(9)) {
      case 0 -> "null";
      case 1 -> "true";
      case 2 -> "-7";
      case 3 -> "1e400";
      case 4 -> "\"\\ud800\"";
      case 5 -> "[]";
      case 6 -> "{\"a\":[{\"b\":null}]}";
      case 7 -> "\"" + "z".repeat(random.nextInt(50)) + "\"";
      default -> String.valueOf(random.nextInt());
    };
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private String oneOf(String... options) {
    return options[random.nextInt(options.length)];
  }
}

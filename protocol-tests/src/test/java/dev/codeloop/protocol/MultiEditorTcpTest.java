package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many editors on one {@code --tcp} server, each configured for its own models: every request
 * reaches its own session's model, a settings change or model selection in one editor never shows
 * in another, and each editor receives only its own log lines.
 */
@Timeout(180)
class MultiEditorTcpTest {
  @TempDir Path xdg;
  private TcpServerUnderTest server;
  private final List<ChatStub> stubs = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    stubs.forEach(ChatStub::close);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void should_route_each_editor_to_its_own_models_and_keep_changes_and_logs_to_itself()
      throws Exception {
    // given: two editors, each with models "main" and "alt" on endpoints of its own
    ChatStub a = stub("A");
    ChatStub aAlt = stub("A-alt");
    ChatStub b = stub("B");
    ChatStub bAlt = stub("B-alt");
    server = TcpServerUnderTest.start(xdg);
    LspClient one = server.connect();
    LspClient two = server.connect();
    one.initialize(params(settings(a, aAlt, "info")));
    two.initialize(params(settings(b, bAlt, "info")));

    // when / then: each asks and gets its own model's answer, even after the other connected
    assertThat(ask(one, "question one")).contains("answer from A");
    assertThat(ask(two, "question two")).contains("answer from B");
    assertThat(ask(one, "question one again")).contains("answer from A");
    assertThat(a.bodies()).hasSize(2).allMatch(body -> body.contains("question one"));
    assertThat(b.bodies()).hasSize(1).allMatch(body -> body.contains("question two"));

    // when: editor one changes an unrelated setting
    one.server
        .getWorkspaceService()
        .didChangeConfiguration(
            new DidChangeConfigurationParams(wrap(settingsWithDebounce(a, aAlt, 99))));
    // then: editor two still goes to its own model
    assertThat(ask(two, "question two after one's change")).contains("answer from B");
    assertThat(b.bodies()).hasSize(2);

    // when: editor one selects its "alt" model for chat
    JsonObject selected = command(one, "codeloop.selectModel", "chat", "alt").getAsJsonObject();
    assertThat(selected.getAsJsonArray("route").get(0).getAsString()).isEqualTo("alt");
    // then: one's requests go to its alt model, two's still to its main model
    assertThat(ask(one, "after selection")).contains("answer from A-alt");
    assertThat(ask(two, "two after one's selection")).contains("answer from B");
    assertThat(bAlt.bodies()).isEmpty();
    JsonObject twoRoute = command(two, "codeloop.selectModel", "chat", null).getAsJsonObject();
    assertThat(twoRoute.getAsJsonArray("route").get(0).getAsString()).isEqualTo("main");

    // and: the selection's log line reached editor one only
    awaitLog(one, "now uses model alt first");
    assertThat(logs(two)).noneMatch(m -> m.getMessage().contains("now uses model alt first"));

    // and: each session's stats count only its own requests; the backend's count all
    JsonObject oneStats = command(one, "codeloop.stats").getAsJsonObject();
    JsonObject twoStats = command(two, "codeloop.stats").getAsJsonObject();
    assertThat(
            oneStats.getAsJsonObject("tasks").getAsJsonObject("chat").get("requests").getAsLong())
        .isEqualTo(3);
    assertThat(
            twoStats.getAsJsonObject("tasks").getAsJsonObject("chat").get("requests").getAsLong())
        .isEqualTo(3);
    assertThat(
            oneStats
                .getAsJsonObject("backend")
                .getAsJsonObject("tasks")
                .getAsJsonObject("chat")
                .get("requests")
                .getAsLong())
        .isEqualTo(6);
  }

  @Test
  void should_keep_sixteen_editors_on_their_own_models_when_they_ask_at_once() throws Exception {
    // given: sixteen editors, each with model "main" on an endpoint of its own
    int n = 16;
    List<ChatStub> own = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      own.add(stub("[" + i + "]"));
    }
    server = TcpServerUnderTest.start(xdg);
    List<LspClient> editors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LspClient c = server.connect();
      c.initialize(params(settings(own.get(i), own.get(i), i % 2 == 0 ? "info" : "off")));
      editors.add(c);
    }

    // when: all ask at once, twice
    List<Future<String>> answers = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        LspClient c = editors.get(i);
        String q = "question <<" + i + ">>";
        answers.add(pool.submit(() -> ask(c, q)));
      }
    }

    // then: every editor got its own model's answer, and every model saw only its editor
    for (int k = 0; k < answers.size(); k++) {
      int i = k % n;
      String answer = answers.get(k).get(60, TimeUnit.SECONDS);
      assertThat(answer).as("editor " + i).contains("answer from [" + i + "]");
      for (int j = 0; j < n; j++) {
        if (j != i) {
          assertThat(answer).as("editor " + i).doesNotContain("answer from [" + j + "]");
        }
      }
    }
    for (int i = 0; i < n; i++) {
      List<String> bodies = own.get(i).bodies();
      assertThat(bodies).as("requests to editor " + i + "'s model").hasSize(2);
      for (int j = 0; j < n; j++) {
        String question = "<<" + j + ">>";
        if (j == i) {
          assertThat(bodies).allMatch(body -> body.contains(question));
        } else {
          assertThat(bodies).noneMatch(body -> body.contains(question));
        }
      }
    }

    // and: a selection in one editor shows in no other
    command(editors.get(0), "codeloop.selectModel", "chat", "main");
    for (int i = 1; i < n; i++) {
      JsonObject r =
          command(editors.get(i), "codeloop.selectModel", "chat", null).getAsJsonObject();
      assertThat(r.getAsJsonObject("selected").size()).as("editor " + i).isZero();
    }
    // and: the selection's log line reached editor 0 only (odd editors have client logs off, even
    // ones at info: none of them sees editor 0's line)
    awaitLog(editors.get(0), "now uses model main first");
    for (int i = 1; i < n; i++) {
      assertThat(logs(editors.get(i)))
          .as("editor " + i)
          .noneMatch(m -> m.getMessage().contains("now uses model main first"));
    }
  }

  private ChatStub stub(String name) throws Exception {
    ChatStub s = new ChatStub(name);
    stubs.add(s);
    return s;
  }

  private static JsonObject settings(ChatStub main, ChatStub alt, String clientLogLevel) {
    return JsonParser.parseString(
            """
            {
              "models": {
                "main": {"provider": "openai-compatible", "baseUrl": "%s", "model": "main-model",
                         "timeoutMs": 30000},
                "alt": {"provider": "openai-compatible", "baseUrl": "%s", "model": "alt-model",
                        "timeoutMs": 30000}
              },
              "routes": {"chat": ["main"], "codeAction": ["main"]},
              "embedded": {"enabled": false, "indexWorkspace": false},
              "log": {"clientLevel": "%s"}
            }
            """
                .formatted(main.baseUrl(), alt.baseUrl(), clientLogLevel))
        .getAsJsonObject();
  }

  private static JsonObject settingsWithDebounce(ChatStub main, ChatStub alt, int debounceMs) {
    JsonObject s = settings(main, alt, "info");
    JsonObject completion = new JsonObject();
    completion.addProperty("debounceMs", debounceMs);
    s.add("completion", completion);
    return s;
  }

  private static JsonObject wrap(JsonObject settings) {
    JsonObject o = new JsonObject();
    o.add("settings", settings);
    return o;
  }

  private static InitializeParams params(JsonObject settings) {
    InitializeParams p = LspClient.defaultParams();
    p.setInitializationOptions(wrap(settings));
    return p;
  }

  private static String ask(LspClient c, String question) throws Exception {
    return command(c, "codeloop.ask", question).toString();
  }

  private static JsonElement command(LspClient c, String command, Object... args) throws Exception {
    List<Object> list = new ArrayList<>();
    for (Object a : args) {
      list.add(a == null ? com.google.gson.JsonNull.INSTANCE : a);
    }
    CompletableFuture<Object> f =
        c.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(command, list));
    Object result = f.get(60, TimeUnit.SECONDS);
    return result instanceof JsonElement e
        ? e
        : JsonParser.parseString(new com.google.gson.Gson().toJson(result));
  }

  private static List<MessageParams> logs(LspClient c) {
    return c.client.loggedMessages;
  }

  private static void awaitLog(LspClient c, String text) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      if (logs(c).stream().anyMatch(m -> m.getMessage().contains(text))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no log line with '" + text + "' in " + logs(c));
  }
}

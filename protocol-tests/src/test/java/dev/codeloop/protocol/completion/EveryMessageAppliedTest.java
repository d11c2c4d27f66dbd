package dev.codeloop.protocol.completion;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.RawClient;
import dev.codeloop.protocol.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw JSON-RPC against the jar: lone surrogate escapes are accepted (RFC 8259 allows them) in
 * requests and in document changes; a sync notification that cannot be applied marks its document
 * out of sync and tells the user, and the next full sync repairs it; every invalid-params case is
 * answered with -32602. What the server's copy of a document holds is read from the prompt the
 * loopback model receives.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryMessageAppliedTest {
  private static final Duration T = ServerProcess.TIMEOUT;

  private LoopbackModel model;
  private ServerProcess server;
  private RawClient raw;
  private int nextId = 100;

  @BeforeAll
  void start(@TempDir Path xdg) throws Exception {
    model = new LoopbackModel().replies("42");
    server = ServerProcess.startWithout(xdg, CompletionSession.MODEL_ENV);
    raw = RawClient.over(server);
    raw.initialize(
        JsonParser.parseString(
            "{\"processId\":null,\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
                + "\"initializationOptions\":{\"settings\":"
                + CompletionSession.loopbackSettings(null, model)
                + "}}"));
  }

  @AfterAll
  void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
    model.close();
  }

  private static String open(String uri, String text) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
        + "{\"uri\":\""
        + uri
        + "\",\"languageId\":\"python\",\"version\":1,\"text\":\""
        + text
        + "\"}}}";
  }

  private static String change(String uri, int version, String changeJson) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
        + "{\"uri\":\""
        + uri
        + "\",\"version\":"
        + version
        + "},\"contentChanges\":["
        + changeJson
        + "]}}";
  }

  private static String insertAt(int line, int character, String jsonText) {
    return "{\"range\":{\"start\":{\"line\":"
        + line
        + ",\"character\":"
        + character
        + "},\"end\":{\"line\":"
        + line
        + ",\"character\":"
        + character
        + "}},\"text\":\""
        + jsonText
        + "\"}";
  }

  /**
   * Sends an inline completion request (raw, so the uri may hold any escape); returns the reply.
   */
  private JsonObject inline(String uriJson, int line, int character) throws Exception {
    int id = nextId++;
    raw.send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"textDocument/inlineCompletion\",\"params\":{\"textDocument\":{\"uri\":\""
            + uriJson
            + "\"},\"position\":{\"line\":"
            + line
            + ",\"character\":"
            + character
            + "},\"context\":{\"triggerKind\":1}}}");
    return raw.awaitResponse(id, T);
  }

  /** The prompt of the last model request (FIM {@code prompt} field). */
  private String lastPrompt() {
    List<LoopbackModel.Recorded> all = model.requests;
    return all.get(all.size() - 1).json().get("prompt").getAsString();
  }

  private List<JsonObject> showMessagesAbout(String uri) {
    return raw.notifications().stream()
        .filter(n -> n.get("method").getAsString().equals("window/showMessage"))
        .filter(n -> n.getAsJsonObject("params").get("message").getAsString().contains(uri))
        .toList();
  }

  private void awaitShowMessageAbout(String uri) throws InterruptedException {
    long deadline = System.nanoTime() + T.toNanos();
    while (showMessagesAbout(uri).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(showMessagesAbout(uri)).as("window/showMessage about " + uri).isNotEmpty();
  }

  @Test
  void should_apply_a_did_change_holding_a_lone_surrogate_escape() throws Exception {
    // given
    String uri = "file:///tmp/codeloop-ptsync/lone.py";
    raw.send(open(uri, "a = 1\\n"));

    // when: a change whose text holds a lone high surrogate (escaped), then a completion after it
    raw.send(change(uri, 2, insertAt(1, 0, "b = '\\ud800'\\nc = 2\\n")));
    int before = model.count();
    JsonObject reply = inline(uri, 3, 0);

    // then: answered normally, and the model saw the changed text
    assertThat(reply.has("result")).as(reply.toString()).isTrue();
    assertThat(model.count()).isGreaterThan(before);
    assertThat(lastPrompt()).contains("a = 1\nb = '").contains("'\nc = 2\n");
    assertThat(showMessagesAbout(uri)).isEmpty();
  }

  @Test
  void should_answer_requests_holding_lone_surrogate_escapes() throws Exception {
    // when: the uri of a request holds a lone low surrogate
    JsonObject reply = inline("file:///tmp/codeloop-ptsync/\\udc00.py", 0, 0);
    int id = nextId++;
    raw.send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"workspace/executeCommand\",\"params\":{\"command\":"
            + "\"codeloop.showSettings\",\"arguments\":[\"\\ud83d\"]}}");
    JsonObject second = raw.awaitResponse(id, T);

    // then
    assertThat(reply.has("result")).as(reply.toString()).isTrue();
    assertThat(second.has("result")).as(second.toString()).isTrue();
  }

  @Test
  void should_write_back_a_lone_surrogate_as_it_came_not_as_a_question_mark() throws Exception {
    // when: the method name (echoed in the error) holds a lone surrogate
    int id = nextId++;
    raw.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"codeloop/x\\ud800y\"}");
    JsonObject reply = raw.awaitResponse(id, T);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32601);
    assertThat(reply.getAsJsonObject("error").get("message").getAsString()).contains("x\uD800y");
  }

  @Test
  void should_mark_a_document_out_of_sync_when_a_change_cannot_be_applied_until_a_full_sync()
      throws Exception {
    // given
    String uri = "file:///tmp/codeloop-ptsync/broken.py";
    raw.send(open(uri, "x = 1\\n"));
    raw.send(change(uri, 2, insertAt(1, 0, "y = 2\\n")));

    // when: a change with an inverted range cannot be applied
    raw.send(
        change(
            uri,
            3,
            "{\"range\":{\"start\":{\"line\":1,\"character\":3},"
                + "\"end\":{\"line\":0,\"character\":0}},\"text\":\"z\"}"));

    // then: the user is told, naming the document, and requests on it answer without a model call
    awaitShowMessageAbout(uri);
    assertThat(showMessagesAbout(uri).get(0).getAsJsonObject("params").get("type").getAsInt())
        .isEqualTo(2); // Warning
    int before = model.count();
    JsonObject paused = inline(uri, 1, 0);
    assertThat(paused.has("result")).as(paused.toString()).isTrue();
    assertThat(model.count()).as("no model call on an out-of-sync document").isEqualTo(before);

    // when: the next full sync
    raw.send(change(uri, 4, "{\"text\":\"fresh = 1\\nnext = \"}"));
    JsonObject repaired = inline(uri, 1, 7);

    // then: served again, from the full text
    assertThat(repaired.has("result")).as(repaired.toString()).isTrue();
    assertThat(model.count()).isGreaterThan(before);
    assertThat(lastPrompt()).contains("fresh = 1\nnext = ");
  }

  @Test
  void should_mark_a_document_out_of_sync_when_a_change_is_not_json() throws Exception {
    // given
    String uri = "file:///tmp/codeloop-ptsync/unparsable.py";
    raw.send(open(uri, "x = 1\\n"));

    // when: a didChange that is not JSON (a raw control character inside a string)
    raw.send(change(uri, 2, "{\"text\":\"tab\there\"}"));

    // then
    awaitShowMessageAbout(uri);
    int before = model.count();
    assertThat(inline(uri, 0, 0).has("result")).isTrue();
    assertThat(model.count()).isEqualTo(before);
  }

  @Test
  void should_tell_the_user_when_a_change_arrives_for_a_document_that_is_not_open()
      throws Exception {
    // when
    String uri = "file:///tmp/codeloop-ptsync/never-opened.py";
    raw.send(change(uri, 2, insertAt(0, 0, "x")));

    // then
    awaitShowMessageAbout(uri);
  }

  static Stream<Arguments> invalidParams() {
    String doc = "{\"uri\":\"file:///tmp/codeloop-ptsync/lone.py\"}";
    String inverted =
        "{\"start\":{\"line\":0,\"character\":5},\"end\":{\"line\":0,\"character\":1}}";
    String empty = "{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}}";
    return Stream.of(
        Arguments.of("textDocument/inlineCompletion", "null"),
        Arguments.of("textDocument/completion", "null"),
        Arguments.of("textDocument/codeAction", "null"),
        Arguments.of("codeAction/resolve", "null"),
        Arguments.of("workspace/executeCommand", "null"),
        Arguments.of("textDocument/diagnostic", "null"),
        Arguments.of("workspace/diagnostic", "null"),
        Arguments.of("completionItem/resolve", "null"),
        Arguments.of("codeAction/resolve", "{\"title\":\"t\",\"data\":\"garbage\"}"),
        Arguments.of("codeAction/resolve", "{\"title\":\"t\",\"data\":{\"schemaVersion\":1}}"),
        Arguments.of("codeAction/resolve", "{\"title\":\"t\",\"data\":[1,2,3]}"),
        Arguments.of("codeAction/resolve", "{\"title\":7}"),
        Arguments.of(
            "textDocument/codeAction",
            "{\"textDocument\":"
                + doc
                + ",\"range\":"
                + inverted
                + ",\"context\":{\"diagnostics\":[]}}"),
        Arguments.of(
            "textDocument/codeAction",
            "{\"textDocument\":"
                + doc
                + ",\"range\":"
                + empty
                + ",\"context\":{\"diagnostics\":[{\"range\":"
                + inverted
                + ",\"message\":\"m\"}]}}"),
        Arguments.of(
            "textDocument/inlineCompletion",
            "{\"textDocument\":"
                + doc
                + ",\"position\":{\"line\":-1,\"character\":0},\"context\":{\"triggerKind\":1}}"),
        Arguments.of(
            "textDocument/inlineCompletion",
            "{\"textDocument\":"
                + doc
                + ",\"position\":{\"line\":0,\"character\":0},\"context\":{\"triggerKind\":1,"
                + "\"selectedCompletionInfo\":{\"range\":"
                + inverted
                + ",\"text\":\"x\"}}}"),
        Arguments.of(
            "textDocument/completion",
            "{\"textDocument\":" + doc + ",\"position\":{\"line\":0,\"character\":1.5}}"),
        Arguments.of("textDocument/codeAction", "{\"textDocument\":" + doc + "}"),
        Arguments.of("workspace/executeCommand", "{\"command\":null}"),
        Arguments.of("workspace/executeCommand", "{\"command\":\"codeloop.nonexistent\"}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("invalidParams")
  void should_answer_invalid_params_with_32602(String method, String params) throws Exception {
    // when
    int id = nextId++;
    raw.send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\""
            + method
            + "\",\"params\":"
            + params
            + "}");
    JsonObject reply = raw.awaitResponse(id, T);

    // then
    assertThat(RawClient.errorCode(reply)).as(reply.toString()).isEqualTo(-32602);
    assertThat(reply.getAsJsonObject("error").get("message").getAsString()).isNotBlank();
  }
}

package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw bytes in, JSON-RPC 2.0 / LSP errors out; after each, the server must still answer. */
@Timeout(90)
class MalformedInputTest {
  private static final Duration QUIET = Duration.ofMillis(400);

  @TempDir Path xdg;
  private ServerProcess server;
  private RawClient raw;

  @BeforeEach
  void startInitialized() throws Exception {
    server = ServerProcess.start(xdg);
    raw = RawClient.over(server);
    raw.initialize();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private void assertAlive() throws Exception {
    assertThat(raw.ping("alive").has("result")).as("follow-up request answered").isTrue();
    assertThat(server.isAlive()).isTrue();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String showSettingsRequest(Object id) {
    return RawClient.message(
            id, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"))
        .toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}}",
        "{\"jsonrpc\" \"2.0\"}",
        "hello",
        "{'jsonrpc':'2.0','id':1,'method':'shutdown'}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\",}",
        ""
      })
  void should_answer_parse_error_with_null_id_when_json_is_unparsable(String body)
      throws Exception {
    // when
    raw.sendBytes(utf8(body));
    JsonObject reply = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32700);
    assertThat(reply.has("id")).as("the id key is present").isTrue();
    assertThat(reply.get("id").isJsonNull()).as("the id is null").isTrue();
    assertAlive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]",
        "42",
        "\"a string\"",
        "true",
        "null"
      })
  void should_answer_invalid_request_when_message_is_not_an_object(String body) throws Exception {
    // when
    raw.send(body);
    JsonObject reply = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32600);
    assertThat(reply.get("id").isJsonNull()).isTrue();
    assertAlive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "null", "{}", "[\"shutdown\"]", "true"})
  void should_answer_invalid_request_when_method_is_not_a_string(String method) throws Exception {
    // when
    raw.send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":" + method + "}");
    JsonObject reply = raw.awaitResponse(11);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32600);
    assertAlive();
  }

  @Test
  void should_answer_invalid_request_when_id_is_neither_string_nor_number() throws Exception {
    // when
    raw.send("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"shutdown\"}");
    JsonObject reply = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32600);
    assertAlive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"codeloop/noSuchMethod", "$/foo", "$/cancelRequest", "textDocument/didOpen"})
  void should_answer_method_not_found_for_unknown_requests(String method) throws Exception {
    // when: unknown methods, and notifications sent as requests
    raw.request(12, method, Map.of());
    JsonObject reply = raw.awaitResponse(12);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32601);
    assertAlive();
  }

  @Test
  void should_ignore_unknown_notifications_without_answering() throws Exception {
    // when
    raw.notify("codeloop/noSuchNotification", Map.of("a", 1));
    raw.notify("$/foo", null);

    // then
    assertThat(raw.pollResponse(QUIET)).isEmpty();
    assertAlive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"command\":{\"not\":\"a string\"}}",
        "\"just a string\"",
        "42",
        "{\"command\":\"codeloop.noSuchCommand\"}"
      })
  void should_answer_invalid_params_when_params_have_wrong_types(String params) throws Exception {
    // when
    raw.send(
        "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"workspace/executeCommand\",\"params\":"
            + params
            + "}");
    JsonObject reply = raw.awaitResponse(13);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32602);
    assertAlive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"params\":null", ",\"params\":{}"})
  void should_answer_invalid_params_when_required_params_are_missing(String params)
      throws Exception {
    // when
    raw.send(
        "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"workspace/executeCommand\"" + params + "}");
    JsonObject reply = raw.awaitResponse(14);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32602);
    assertAlive();
  }

  @Test
  void should_resynchronise_when_header_block_has_no_content_length() throws Exception {
    // when
    raw.sendRaw(utf8("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"));
    raw.sendRaw(utf8("X-Junk: yes\r\nContent-Length: twelve\r\n\r\n"));
    raw.send(showSettingsRequest(15));

    // then
    assertThat(raw.awaitResponse(15).has("result")).isTrue();
    assertAlive();
  }

  @Test
  void should_keep_answering_when_content_length_is_too_short() throws Exception {
    // given
    byte[] body = utf8(showSettingsRequest(16));

    // when: the header claims 20 bytes fewer than the body has
    raw.sendRaw(utf8("Content-Length: " + (body.length - 20) + "\r\n\r\n"), body);
    raw.send(showSettingsRequest(17));

    // then
    assertThat(raw.awaitResponse(17).has("result")).isTrue();
    assertAlive();
  }

  @Test
  void should_keep_answering_when_content_length_is_too_long() throws Exception {
    // given
    byte[] body = utf8(showSettingsRequest(18));

    // when: the header claims 40 bytes more than the body has; the next message supplies them
    raw.sendRaw(utf8("Content-Length: " + (body.length + 40) + "\r\n\r\n"), body);
    raw.send(showSettingsRequest(19));

    // then
    assertThat(raw.awaitResponse(19).has("result")).isTrue();
    assertAlive();
  }

  @Test
  void should_keep_answering_when_body_contains_invalid_utf8() throws Exception {
    // given
    byte[] prefix =
        utf8(
            "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"x");
    byte[] bad = {
      (byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80
    };
    byte[] suffix = utf8("\"}}");
    byte[] body = new byte[prefix.length + bad.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(bad, 0, body, prefix.length, bad.length);
    System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

    // when
    raw.sendBytes(body);
    JsonObject reply = raw.awaitResponse(20);

    // then: an unknown command, answered as such
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32602);
    assertAlive();
  }

  @Test
  void should_accept_did_open_with_invalid_utf8_text() throws Exception {
    // given
    byte[] prefix =
        utf8(
            "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///bad.txt\",\"languageId\":\"plaintext\",\"version\":1,\"text\":\"a");
    byte[] suffix = utf8("b\"}}}");
    byte[] body = new byte[prefix.length + 3 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xc0;
    body[prefix.length + 1] = (byte) 0x80;
    body[prefix.length + 2] = (byte) 0xff;
    System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);

    // when
    raw.sendBytes(body);

    // then
    assertThat(raw.pollResponse(QUIET)).isEmpty();
    assertAlive();
  }

  @Test
  void should_handle_a_5_megabyte_did_open() throws Exception {
    // given
    StringBuilder text = new StringBuilder(5_100_000);
    String line =
        "    int field%06d = 42; // \u00e9\u4e2d\uD83D\uDE00 some padding to make the line long enough\n";
    for (int i = 0; text.length() < 5_000_000; i++) {
      text.append(String.format(line, i));
    }
    JsonObject params = new JsonObject();
    JsonObject doc = new JsonObject();
    doc.addProperty("uri", "file:///big/Big.java");
    doc.addProperty("languageId", "java");
    doc.addProperty("version", 1);
    doc.addProperty("text", "class Big {\n" + text + "}\n");
    params.add("textDocument", doc);

    // when
    raw.notify("textDocument/didOpen", params);
    raw.notify(
        "textDocument/didChange",
        com.google.gson.JsonParser.parseString(
            "{\"textDocument\":{\"uri\":\"file:///big/Big.java\",\"version\":2},\"contentChanges\":[{\"range\":{\"start\":{\"line\":50000,\"character\":4},\"end\":{\"line\":50000,\"character\":4}},\"text\":\"final \"}]}"));

    // then
    assertThat(raw.pollResponse(QUIET)).isEmpty();
    assertAlive();
  }

  @Test
  void should_answer_an_error_and_stay_alive_when_json_is_deeply_nested() throws Exception {
    // given
    byte[] open = new byte[100_000];
    Arrays.fill(open, (byte) '[');
    byte[] objects = utf8("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000));

    // when
    raw.sendBytes(open);
    JsonObject first = raw.nextResponse(ServerProcess.TIMEOUT);
    raw.sendBytes(objects);
    JsonObject second = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(RawClient.errorCode(first)).isIn(-32700, -32600);
    assertThat(RawClient.errorCode(second)).isIn(-32700, -32600);
    assertAlive();
  }

  @Test
  void should_answer_an_error_and_stay_alive_when_params_are_deeply_nested() throws Exception {
    // given
    String nested = "[".repeat(20_000) + "]".repeat(20_000);

    // when
    raw.send(
        "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"codeloop.showSettings\",\"arguments\":"
            + nested
            + "}}");
    JsonObject reply = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(reply.has("error") || reply.has("result")).isTrue();
    assertAlive();
  }

  @Test
  void should_skip_message_larger_than_64_mib_and_keep_answering() throws Exception {
    // given
    long size = 64L * 1024 * 1024 + 1;
    byte[] chunk = new byte[1024 * 1024];
    Arrays.fill(chunk, (byte) ' ');

    // when
    raw.sendRaw(utf8("Content-Length: " + size + "\r\n\r\n"));
    for (long sent = 0; sent < size; sent += chunk.length) {
      int n = (int) Math.min(chunk.length, size - sent);
      raw.sendRaw(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
    }
    JsonObject reply = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32600);
    assertAlive();
  }

  @Test
  void should_ignore_responses_to_requests_it_never_sent() throws Exception {
    // when
    raw.send("{\"jsonrpc\":\"2.0\",\"id\":777,\"result\":{\"x\":1}}");
    raw.send("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"error\":{\"code\":-1,\"message\":\"m\"}}");

    // then
    assertThat(raw.pollResponse(QUIET)).isEmpty();
    assertAlive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "}Content-Length: 3",
        "x = {}content-length:12",
        "]\r\nContent-Length: 40\r\n\r\n{"
      })
  void should_not_split_a_valid_message_whose_strings_look_like_a_header(String text)
      throws Exception {
    // given: a valid request whose string argument contains header-like text
    JsonObject request =
        RawClient.message(
            30,
            "workspace/executeCommand",
            Map.of("command", "codeloop.showSettings", "arguments", java.util.List.of(text)));

    // when
    raw.send(request.toString());
    JsonObject reply = raw.awaitResponse(30);

    // then
    assertThat(reply.has("result")).as(reply.toString()).isTrue();
    assertThat(raw.pollResponse(QUIET)).isEmpty();
    assertAlive();
  }
}

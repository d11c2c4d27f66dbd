package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw bytes in, JSON-RPC 2.0 / LSP errors out, against a real session (composition root, {@link
 * JsonRpcConnection}, LSP4J services) over pipes; after each case the session must still answer.
 * One row per case; each row is a fresh session. The same bytes once ran against the jar as a
 * process (protocol-tests {@code MalformedInputTest} keeps a few of them there).
 */
@Timeout(60)
class MalformedInputSessionTest {
  private static final Duration QUIET = Duration.ofMillis(400);

  /** What the client writes. */
  @FunctionalInterface
  interface Wire {
    void write(RawSession s) throws Exception;
  }

  /** What must (or must not) come back before the follow-up request. */
  @FunctionalInterface
  interface Expect {
    void check(RawSession s) throws Exception;
  }

  record Case(String name, Wire wire, Expect expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_answer_malformed_input_as_tabled_and_keep_answering(Case c, @TempDir Path root)
      throws Exception {
    try (RawSession s = RawSession.initialized(root)) {
      // when
      c.wire().write(s);

      // then
      c.expect().check(s);
      assertThat(s.ping("alive").has("result")).as("follow-up request answered").isTrue();
      assertThat(s.isServing()).as("session still serving").isTrue();
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
            parseErrors(),
            notObjects(),
            methodNotString(),
            Stream.of(
                c(
                    "invalid request: id is an object",
                    framed("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"shutdown\"}"),
                    s -> assertThat(RawSession.errorCode(s.nextResponse())).isEqualTo(-32600))),
            methodNotFound(),
            Stream.of(
                c(
                    "unknown notifications: no answer",
                    s -> {
                      s.notify("codeloop/noSuchNotification", Map.of("a", 1));
                      s.notify("$/foo", null);
                    },
                    noResponse())),
            invalidParams(),
            framing(),
            hugeAndDeep(),
            Stream.of(
                c(
                    "responses to requests never sent: ignored",
                    s -> {
                      s.send("{\"jsonrpc\":\"2.0\",\"id\":777,\"result\":{\"x\":1}}");
                      s.send(
                          "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"error\":{\"code\":-1,\"message\":\"m\"}}");
                    },
                    noResponse())),
            headerLikeStrings(),
            inlineTriggerKinds())
        .flatMap(x -> x);
  }

  // ---- the table, by section (one section per test method of the old process-based test) ----

  private static Stream<Case> parseErrors() {
    return Stream.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}}",
            "{\"jsonrpc\" \"2.0\"}",
            "hello",
            "{'jsonrpc':'2.0','id':1,'method':'shutdown'}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\",}",
            "")
        .map(
            body ->
                c(
                    "parse error, null id: " + body,
                    framed(body),
                    s -> {
                      JsonObject reply = s.nextResponse();
                      assertThat(RawSession.errorCode(reply)).isEqualTo(-32700);
                      assertThat(reply.has("id")).as("the id key is present").isTrue();
                      assertThat(reply.get("id").isJsonNull()).as("the id is null").isTrue();
                    }));
  }

  private static Stream<Case> notObjects() {
    return Stream.of(
            "[]",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]",
            "42",
            "\"a string\"",
            "true",
            "null")
        .map(
            body ->
                c(
                    "invalid request, not an object: " + body,
                    framed(body),
                    s -> {
                      JsonObject reply = s.nextResponse();
                      assertThat(RawSession.errorCode(reply)).isEqualTo(-32600);
                      assertThat(reply.get("id").isJsonNull()).isTrue();
                    }));
  }

  private static Stream<Case> methodNotString() {
    return Stream.of("42", "null", "{}", "[\"shutdown\"]", "true")
        .map(
            method ->
                c(
                    "invalid request, method is not a string: " + method,
                    framed("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":" + method + "}"),
                    errorFor(11, -32600)));
  }

  private static Stream<Case> methodNotFound() {
    // unknown methods, and notifications sent as requests
    return Stream.of("codeloop/noSuchMethod", "$/foo", "$/cancelRequest", "textDocument/didOpen")
        .map(
            method ->
                c(
                    "method not found: " + method,
                    s -> s.request(12, method, Map.of()),
                    errorFor(12, -32601)));
  }

  private static Stream<Case> invalidParams() {
    Stream<Case> wrongTypes =
        Stream.of(
                "{\"command\":{\"not\":\"a string\"}}",
                "\"just a string\"",
                "42",
                "{\"command\":\"codeloop.noSuchCommand\"}")
            .map(
                params ->
                    c(
                        "invalid params, wrong types: " + params,
                        framed(
                            "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"workspace/executeCommand\",\"params\":"
                                + params
                                + "}"),
                        errorFor(13, -32602)));
    Stream<Case> missing =
        Stream.of("", ",\"params\":null", ",\"params\":{}")
            .map(
                params ->
                    c(
                        "invalid params, required params missing: [" + params + "]",
                        framed(
                            "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"workspace/executeCommand\""
                                + params
                                + "}"),
                        errorFor(14, -32602)));
    return Stream.concat(wrongTypes, missing);
  }

  private static Stream<Case> framing() {
    byte[] short16 = utf8(showSettingsRequest(16));
    byte[] long18 = utf8(showSettingsRequest(18));
    return Stream.of(
        c(
            "framing: header blocks without Content-Length are skipped",
            s -> {
              s.sendRaw(utf8("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"));
              s.sendRaw(utf8("X-Junk: yes\r\nContent-Length: twelve\r\n\r\n"));
              s.send(showSettingsRequest(15));
            },
            resultFor(15)),
        c(
            "framing: Content-Length 20 bytes too short",
            s -> {
              s.sendRaw(utf8("Content-Length: " + (short16.length - 20) + "\r\n\r\n"), short16);
              s.send(showSettingsRequest(17));
            },
            resultFor(17)),
        c(
            "framing: Content-Length 40 bytes too long (the next message supplies them)",
            s -> {
              s.sendRaw(utf8("Content-Length: " + (long18.length + 40) + "\r\n\r\n"), long18);
              s.send(showSettingsRequest(19));
            },
            resultFor(19)),
        c(
            "invalid UTF-8 in a request body: an unknown command, answered as such",
            framed(
                concat(
                    utf8(
                        "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"x"),
                    new byte[] {
                      (byte) 0xff,
                      (byte) 0xfe,
                      (byte) 0xc3,
                      (byte) 0x28,
                      (byte) 0xed,
                      (byte) 0xa0,
                      (byte) 0x80
                    },
                    utf8("\"}}"))),
            errorFor(20, -32602)),
        c(
            "invalid UTF-8 in didOpen text: accepted, no answer",
            framed(
                concat(
                    utf8(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///bad.txt\",\"languageId\":\"plaintext\",\"version\":1,\"text\":\"a"),
                    new byte[] {(byte) 0xc0, (byte) 0x80, (byte) 0xff},
                    utf8("b\"}}}"))),
            noResponse()));
  }

  private static Stream<Case> hugeAndDeep() {
    return Stream.of(
        c(
            "a 5 MB didOpen and a didChange in it: no answer",
            MalformedInputSessionTest::bigDocument,
            noResponse()),
        c(
            "deeply nested JSON (100k '[' and 50k objects): an error each",
            s -> {
              byte[] open = new byte[100_000];
              Arrays.fill(open, (byte) '[');
              s.sendBytes(open);
              s.sendBytes(utf8("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)));
            },
            s -> {
              assertThat(RawSession.errorCode(s.nextResponse())).isIn(-32700, -32600);
              assertThat(RawSession.errorCode(s.nextResponse())).isIn(-32700, -32600);
            }),
        c(
            "deeply nested params (20k arrays): an answer",
            s ->
                s.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"codeloop.showSettings\",\"arguments\":"
                        + "[".repeat(20_000)
                        + "]".repeat(20_000)
                        + "}}"),
            s -> {
              JsonObject reply = s.nextResponse();
              assertThat(reply.has("error") || reply.has("result")).isTrue();
            }),
        c(
            "a message over 64 MiB: skipped with invalid request",
            s -> {
              long size = 64L * 1024 * 1024 + 1;
              byte[] chunk = new byte[1024 * 1024];
              Arrays.fill(chunk, (byte) ' ');
              s.sendRaw(utf8("Content-Length: " + size + "\r\n\r\n"));
              for (long sent = 0; sent < size; sent += chunk.length) {
                int n = (int) Math.min(chunk.length, size - sent);
                s.sendRaw(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
              }
            },
            s -> assertThat(RawSession.errorCode(s.nextResponse())).isEqualTo(-32600)));
  }

  private static Stream<Case> headerLikeStrings() {
    // a valid request whose string argument contains header-like text is not split
    return Stream.of(
            "}Content-Length: 3", "x = {}content-length:12", "]\r\nContent-Length: 40\r\n\r\n{")
        .map(
            text ->
                c(
                    "header-like string inside a valid message: " + text.replace("\r\n", "\\r\\n"),
                    s ->
                        s.send(
                            RawSession.message(
                                    30,
                                    "workspace/executeCommand",
                                    Map.of(
                                        "command",
                                        "codeloop.showSettings",
                                        "arguments",
                                        List.of(text)))
                                .toString()),
                    s -> {
                      JsonObject reply = s.awaitResponse(30);
                      assertThat(reply.has("result")).as(reply.toString()).isTrue();
                      assertThat(s.pollResponse(QUIET)).isEmpty();
                    }));
  }

  private static Stream<Case> inlineTriggerKinds() {
    // the 3.18 proposal numbered Invoked 0 (LSP 3.18: 1); any other number has no meaning
    return Stream.of(
        c(
            "inline completion with the proposal's triggerKind 0: answered",
            s -> inlineCompletion(s, 40, 0),
            s -> {
              JsonObject reply = s.awaitResponse(40);
              assertThat(reply.has("result")).as(reply.toString()).isTrue();
            }),
        c(
            "inline completion with triggerKind 7: invalid params",
            s -> inlineCompletion(s, 41, 7),
            s -> assertThat(RawSession.errorCode(s.awaitResponse(41))).isEqualTo(-32602)));
  }

  private static void inlineCompletion(RawSession s, int id, int triggerKind) throws Exception {
    s.notify(
        "textDocument/didOpen",
        Map.of(
            "textDocument",
            Map.of(
                "uri",
                "file:///w/A.java",
                "languageId",
                "java",
                "version",
                1,
                "text",
                "class A {\n  void f() {\n    Str")));
    s.request(
        id,
        "textDocument/inlineCompletion",
        Map.of(
            "textDocument",
            Map.of("uri", "file:///w/A.java"),
            "position",
            Map.of("line", 2, "character", 7),
            "context",
            Map.of("triggerKind", triggerKind)));
  }

  // ---- building blocks ----

  private static Case c(String name, Wire wire, Expect expect) {
    return new Case(name, wire, expect);
  }

  private static Wire framed(String body) {
    return framed(utf8(body));
  }

  private static Wire framed(byte[] body) {
    return s -> s.sendBytes(body);
  }

  private static Expect errorFor(Object id, int code) {
    return s -> assertThat(RawSession.errorCode(s.awaitResponse(id))).isEqualTo(code);
  }

  private static Expect resultFor(Object id) {
    return s -> assertThat(s.awaitResponse(id).has("result")).isTrue();
  }

  private static Expect noResponse() {
    return s -> assertThat(s.pollResponse(QUIET)).isEmpty();
  }

  private static void bigDocument(RawSession s) throws Exception {
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
    s.notify("textDocument/didOpen", params);
    s.notify(
        "textDocument/didChange",
        JsonParser.parseString(
            "{\"textDocument\":{\"uri\":\"file:///big/Big.java\",\"version\":2},\"contentChanges\":[{\"range\":{\"start\":{\"line\":50000,\"character\":4},\"end\":{\"line\":50000,\"character\":4}},\"text\":\"final \"}]}"));
  }

  private static String showSettingsRequest(Object id) {
    return RawSession.message(
            id, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"))
        .toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}

package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.lsp.ErrorMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;
import org.junit.jupiter.api.Test;

/** The connection's answers to malformed and out-of-lifecycle input, against a trivial server. */
class JsonRpcConnectionTest {

  static final class TrivialServer implements LanguageServer {
    final Lifecycle lifecycle;

    TrivialServer(Lifecycle lifecycle) {
      this.lifecycle = lifecycle;
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
      lifecycle.markInitialized();
      return CompletableFuture.completedFuture(new InitializeResult(new ServerCapabilities()));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
      lifecycle.markShutDown();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {}

    @Override
    public TextDocumentService getTextDocumentService() {
      return null;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
      return null;
    }
  }

  private static String frame(String body) {
    return "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  private record Run(List<JsonObject> replies, int exitCode) {
    JsonObject reply(Object id) {
      return replies.stream()
          .filter(
              r ->
                  r.has("id")
                      && !r.get("id").isJsonNull()
                      && r.get("id").getAsString().equals(String.valueOf(id)))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no reply for id " + id + " in " + replies));
    }

    int code(Object id) {
      return reply(id).getAsJsonObject("error").get("code").getAsInt();
    }
  }

  private static Run run(String... bodies) {
    StringBuilder wire = new StringBuilder();
    for (String b : bodies) {
      wire.append(b.startsWith("RAW:") ? b.substring(4) : frame(b));
    }
    Lifecycle lifecycle = new Lifecycle();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicInteger exit = new AtomicInteger(-1);
    new JsonRpcConnection(
            new TrivialServer(lifecycle),
            LanguageClient.class,
            new ByteArrayInputStream(wire.toString().getBytes(StandardCharsets.UTF_8)),
            out,
            lifecycle,
            new ErrorMapper(),
            exit::set,
            1024 * 1024)
        .run();
    List<JsonObject> replies = new ArrayList<>();
    String s = out.toString(StandardCharsets.UTF_8);
    int i = 0;
    while ((i = s.indexOf("\r\n\r\n", i)) >= 0) {
      int start = i + 4;
      int next = s.indexOf("Content-Length:", start);
      replies.add(
          JsonParser.parseString(next < 0 ? s.substring(start) : s.substring(start, next))
              .getAsJsonObject());
      i = start;
    }
    return new Run(replies, exit.get());
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}";

  @Test
  void should_answer_server_not_initialized_before_initialize() {
    Run r = run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}");
    assertThat(r.code(1)).isEqualTo(-32002);
  }

  @Test
  void should_answer_parse_error_with_null_id() {
    // when
    Run r = run("{not json", INIT);

    // then
    JsonObject err = r.replies().get(0);
    assertThat(err.has("id")).isTrue();
    assertThat(err.get("id").isJsonNull()).isTrue();
    assertThat(err.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32700);
    assertThat(r.reply("init").has("result")).isTrue();
  }

  @Test
  void should_answer_invalid_request_for_non_objects_and_non_string_methods() {
    Run r =
        run(
            INIT,
            "[1]",
            "42",
            "\"str\"",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":8}");
    assertThat(
            r.replies().stream()
                .filter(x -> x.has("error"))
                .map(x -> x.getAsJsonObject("error").get("code").getAsInt()))
        .containsExactly(-32600, -32600, -32600, -32600, -32600);
  }

  @Test
  void
      should_answer_method_not_found_for_unknown_and_dollar_requests_and_ignore_unknown_notifications() {
    Run r =
        run(
            INIT,
            "{\"jsonrpc\":\"2.0\",\"method\":\"custom/notify\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"custom/thing\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"$/unknown\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///a\"},\"position\":{\"line\":0,\"character\":0}}}");
    assertThat(r.code(1)).isEqualTo(-32601);
    assertThat(r.code(2)).isEqualTo(-32601);
    // implemented interface method that this server does not provide: also method not found, not
    // -32603
    assertThat(r.code(3)).isEqualTo(-32601);
    assertThat(r.replies()).hasSize(4);
  }

  @Test
  void should_answer_invalid_params_for_wrong_types_and_missing_params() {
    Run r =
        run(
            INIT,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":5}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":\"x\"}");
    assertThat(r.code(1)).isEqualTo(-32602);
    assertThat(r.code(2)).isEqualTo(-32602);
    assertThat(r.code(3)).isEqualTo(-32602);
  }

  @Test
  void should_answer_invalid_params_when_a_list_field_is_not_an_array() {
    Run r =
        run(
            INIT,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"x\",\"arguments\":\"not an array\"}}");
    assertThat(r.code(1)).isEqualTo(-32602);
    assertThat(r.reply(1).getAsJsonObject("error").get("message").getAsString())
        .contains("arguments");
  }

  @Test
  void should_reject_second_initialize_and_requests_after_shutdown_and_exit_zero() {
    Run r =
        run(
            INIT,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"shutdown\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shutdown\"}");
    assertThat(r.code(2)).isEqualTo(-32600);
    assertThat(r.reply(3).has("result")).isTrue();
    assertThat(r.code(4)).isEqualTo(-32600);
    assertThat(r.exitCode()).isZero();
    // nothing is read after exit
    assertThat(r.replies()).noneMatch(x -> x.has("id") && x.get("id").toString().equals("5"));
  }

  @Test
  void should_exit_with_one_without_shutdown() {
    Run r = run(INIT, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void should_survive_deeply_nested_json() {
    Run r =
        run(INIT, "[".repeat(100_000), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}");
    assertThat(r.reply(9).has("result")).isTrue();
  }

  @Test
  void should_resynchronise_after_header_without_content_length() {
    Run r = run("RAW:Content-Type: x\r\n\r\n", INIT);
    assertThat(r.reply("init").has("result")).isTrue();
  }
}

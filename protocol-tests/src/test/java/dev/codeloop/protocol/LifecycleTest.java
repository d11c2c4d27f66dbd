package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class LifecycleTest {
  @TempDir Path xdg;
  private ServerProcess server;
  private LspClient lsp;

  @AfterEach
  void tearDown() {
    if (lsp != null) {
      lsp.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private LspClient startLsp() throws Exception {
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    return lsp;
  }

  private RawClient startRaw() throws Exception {
    server = ServerProcess.start(xdg);
    return RawClient.over(server);
  }

  @Test
  void should_advertise_incremental_sync_utf16_and_server_info_when_client_offers_no_encoding()
      throws Exception {
    // given
    LspClient client = startLsp();

    // when
    InitializeResult result = client.initialize();

    // then
    assertThat(result.getServerInfo().getName()).isEqualTo("codeloop");
    assertThat(result.getServerInfo().getVersion()).isNotBlank();
    assertThat(result.getCapabilities().getPositionEncoding()).isEqualTo("utf-16");
    assertThat(result.getCapabilities().getTextDocumentSync().getRight().getChange())
        .isEqualTo(TextDocumentSyncKind.Incremental);
    assertThat(result.getCapabilities().getTextDocumentSync().getRight().getOpenClose()).isTrue();
    assertThat(result.getCapabilities().getExecuteCommandProvider().getCommands())
        .contains("codeloop.showSettings");
  }

  @ParameterizedTest
  @CsvSource({"utf-8, utf-8", "utf-32, utf-32", "'utf-8;utf-16', utf-16", "'utf-32;utf-8', utf-32"})
  void should_negotiate_position_encoding_when_client_offers_encodings(
      String offered, String expected) throws Exception {
    // given
    LspClient client = startLsp();
    ClientCapabilities caps = new ClientCapabilities();
    GeneralClientCapabilities general = new GeneralClientCapabilities();
    general.setPositionEncodings(List.of(offered.split(";")));
    caps.setGeneral(general);
    InitializeParams params = new InitializeParams();
    params.setCapabilities(caps);

    // when
    InitializeResult result = client.initialize(params);

    // then
    assertThat(result.getCapabilities().getPositionEncoding()).isEqualTo(expected);
  }

  @Test
  void should_answer_server_not_initialized_when_request_precedes_initialize() throws Exception {
    // given
    RawClient raw = startRaw();

    // when
    raw.request(1, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"));
    JsonObject reply = raw.awaitResponse(1);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32002);
    assertThat(raw.initialize().has("result")).isTrue();
  }

  @Test
  void should_reject_second_initialize_with_invalid_request() throws Exception {
    // given
    RawClient raw = startRaw();
    raw.initialize();

    // when
    raw.request(2, "initialize", Map.of("capabilities", Map.of()));
    JsonObject reply = raw.awaitResponse(2);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32600);
    assertThat(raw.ping(3).has("result")).isTrue();
  }

  @Test
  void should_reject_requests_with_invalid_request_when_shut_down() throws Exception {
    // given
    RawClient raw = startRaw();
    raw.initialize();
    raw.request(2, "shutdown", null);
    assertThat(raw.awaitResponse(2).has("result")).isTrue();

    // when
    raw.request(3, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"));
    raw.request(4, "shutdown", null);
    JsonObject afterShutdown = raw.awaitResponse(3);
    JsonObject secondShutdown = raw.awaitResponse(4);

    // then
    assertThat(RawClient.errorCode(afterShutdown)).isEqualTo(-32600);
    assertThat(RawClient.errorCode(secondShutdown)).isEqualTo(-32600);
  }

  @Test
  void should_exit_with_code_0_when_exit_follows_shutdown() throws Exception {
    // given
    RawClient raw = startRaw();
    raw.initialize();
    raw.request(2, "shutdown", null);
    raw.awaitResponse(2);

    // when
    raw.notify("exit", null);

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).contains(0);
  }

  @Test
  void should_exit_with_code_1_when_exit_arrives_without_shutdown() throws Exception {
    // given
    RawClient raw = startRaw();
    raw.initialize();

    // when
    raw.notify("exit", null);

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).contains(1);
  }

  @Test
  void should_exit_with_code_1_when_exit_arrives_before_initialize() throws Exception {
    // given
    RawClient raw = startRaw();

    // when
    raw.notify("exit", null);

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).contains(1);
  }

  @Test
  void should_end_process_with_code_1_when_stdin_is_closed_without_shutdown() throws Exception {
    // given
    RawClient raw = startRaw();
    raw.initialize();

    // when
    raw.close();

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).contains(1);
  }

  @Test
  void should_end_process_with_code_0_when_stdin_is_closed_after_shutdown() throws Exception {
    // given
    RawClient raw = startRaw();
    raw.initialize();
    raw.request(2, "shutdown", null);
    raw.awaitResponse(2);

    // when
    raw.close();

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).contains(0);
  }

  @Test
  void should_initialize_and_keep_serving_when_root_path_is_unusable() throws Exception {
    // given
    RawClient raw = startRaw();

    // when: a rootPath that no file system can hold
    raw.request(1, "initialize", Map.of("rootPath", "/tmp/a\u0000b", "capabilities", Map.of()));
    JsonObject first = raw.awaitResponse(1);

    // then: the bad root is ignored (and logged), the session works
    assertThat(first.has("result")).as(first.toString()).isTrue();
    raw.request(2, "initialize", Map.of("capabilities", Map.of()));
    assertThat(RawClient.errorCode(raw.awaitResponse(2))).isEqualTo(-32600);
  }

  @Test
  void should_keep_stdout_for_the_protocol_when_logging_at_trace_level() throws Exception {
    // given
    server = ServerProcess.start(xdg, "--log-level", "trace");
    RawClient raw = RawClient.over(server);

    // when
    raw.initialize();
    JsonObject reply = raw.ping(2);

    // then: every byte on stdout was a well-formed frame, the logs went to stderr
    assertThat(reply.has("result")).isTrue();
    assertThat(server.awaitStderr("initialize", Duration.ofSeconds(5))).isPresent();
  }
}

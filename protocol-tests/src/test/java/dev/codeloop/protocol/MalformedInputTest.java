package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed frames against the jar as a process: what only the process shows, that its stdin
 * framing survives broken input and the process stays up. The full table of raw-byte cases (parse
 * errors, invalid requests, invalid params, framing, huge and deeply nested messages) runs
 * in-process against the real JSON-RPC stack in the server module's {@code
 * MalformedInputSessionTest}. The cases here only send requests, so they share one process; each
 * ends by proving the process still answers.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputTest {
  private ServerProcess server;
  private RawClient raw;

  @BeforeAll
  void startInitialized(@TempDir Path xdg) throws Exception {
    server = ServerProcess.start(xdg);
    raw = RawClient.over(server);
    raw.initialize();
  }

  /**
   * Forgets answers a previous case left (e.g. the error for a mangled frame): each case ended with
   * an answered request, so anything the server said about earlier bytes has arrived by now.
   */
  @BeforeEach
  void forgetEarlierAnswers() throws Exception {
    while (raw.pollResponse(Duration.ZERO).isPresent()) {
      // drop
    }
  }

  @AfterAll
  void tearDown() {
    server.close();
  }

  private void assertAlive(String id) throws Exception {
    assertThat(raw.ping(id).has("result")).as("follow-up request answered").isTrue();
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

  @Test
  void should_answer_parse_error_with_null_id_when_json_is_unparsable() throws Exception {
    // when
    raw.sendBytes(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"));
    JsonObject reply = raw.nextResponse(ServerProcess.TIMEOUT);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32700);
    assertThat(reply.has("id")).as("the id key is present").isTrue();
    assertThat(reply.get("id").isJsonNull()).as("the id is null").isTrue();
    assertAlive("alive-parse");
  }

  @Test
  void should_resynchronise_when_header_block_has_no_content_length() throws Exception {
    // when
    raw.sendRaw(utf8("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"));
    raw.sendRaw(utf8("X-Junk: yes\r\nContent-Length: twelve\r\n\r\n"));
    raw.send(showSettingsRequest(15));

    // then
    assertThat(raw.awaitResponse(15).has("result")).isTrue();
    assertAlive("alive-resync");
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
    // the first frame is answered too (its request's result, or a parse error with a null id),
    // possibly after 19's: the two run on different request threads. Wait for it, so that it is
    // this case's and cannot reach the next one after its drain.
    JsonObject first;
    do {
      first = raw.nextResponse(ServerProcess.TIMEOUT);
    } while (!(first.has("id")
        && (first.get("id").isJsonNull() || first.get("id").toString().equals("18"))));
    assertAlive("alive-long");
  }
}

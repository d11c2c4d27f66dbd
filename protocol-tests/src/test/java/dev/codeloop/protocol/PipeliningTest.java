package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class PipeliningTest {
  @TempDir Path xdg;
  private ServerProcess server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void should_answer_every_request_exactly_once_when_thousands_are_pipelined() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    RawClient raw = RawClient.over(server);
    raw.initialize();
    int count = 3000;

    // when: requests that go to the worker pool and requests answered on the dispatch thread, mixed
    for (int i = 0; i < count; i++) {
      if (i % 2 == 0) {
        raw.request(i, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"));
      } else {
        raw.request(i, "codeloop/unknownMethod", Map.of());
      }
    }

    // then: one reply per id; worker-pool overload is reported as an error, never as silence
    Map<Integer, Integer> codes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      JsonObject reply = raw.nextResponse(Duration.ofSeconds(30));
      int id = reply.get("id").getAsInt();
      assertThat(codes).doesNotContainKey(id);
      codes.put(id, reply.has("error") ? RawClient.errorCode(reply) : 0);
    }
    for (int i = 1; i < count; i += 2) {
      assertThat(codes.get(i)).isEqualTo(-32601);
    }
    for (int i = 0; i < count; i += 2) {
      assertThat(codes.get(i)).isIn(0, -32803);
    }
    assertThat(raw.ping("after").has("result")).isTrue();
  }
}

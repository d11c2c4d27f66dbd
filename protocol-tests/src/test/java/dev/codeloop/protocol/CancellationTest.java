package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CancellationTest {
  @TempDir Path xdg;
  private ServerProcess server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private RawClient startInitialized() throws Exception {
    server = ServerProcess.start(xdg);
    RawClient raw = RawClient.over(server);
    raw.initialize();
    return raw;
  }

  @Test
  void should_still_answer_a_request_that_was_cancelled_in_flight() throws Exception {
    // given
    RawClient raw = startInitialized();

    // when: cancel right behind the request, many times, so that some cancels land while in flight
    for (int i = 0; i < 20; i++) {
      raw.request(100 + i, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"));
      raw.notify("$/cancelRequest", Map.of("id", 100 + i));
    }

    // then: each gets exactly one response, a result or RequestCancelled
    for (int i = 0; i < 20; i++) {
      JsonObject reply = raw.awaitResponse(100 + i);
      if (reply.has("error")) {
        assertThat(RawClient.errorCode(reply)).isEqualTo(-32800);
      } else {
        assertThat(reply.has("result")).isTrue();
      }
    }
    assertThat(raw.ping(200).has("result")).isTrue();
    assertThat(raw.pollResponse(Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void should_ignore_cancel_for_unknown_or_finished_request() throws Exception {
    // given
    RawClient raw = startInitialized();
    raw.ping(1);

    // when
    raw.notify("$/cancelRequest", Map.of("id", 1)); // already answered
    raw.notify("$/cancelRequest", Map.of("id", 9999)); // never sent
    raw.notify("$/cancelRequest", Map.of("id", "no-such-id"));
    raw.notify("$/cancelRequest", Map.of()); // malformed

    // then
    assertThat(raw.pollResponse(Duration.ofMillis(300))).isEmpty();
    assertThat(raw.ping(2).has("result")).isTrue();
  }

  @Test
  void should_not_warn_the_editor_about_a_cancel_that_came_after_the_answer() throws Exception {
    // given: an editor that logs warnings (the default client log level) and a request answered
    RawClient raw = startInitialized();
    raw.ping(1);

    // when: the editor cancels it, as editors do when the answer crossed their cancel
    raw.notify("$/cancelRequest", Map.of("id", 1));
    raw.notify("$/cancelRequest", Map.of("id", 9999));
    assertThat(raw.ping(2).has("result")).isTrue();

    // then: nothing about it in the editor's log
    assertThat(raw.notifications())
        .noneMatch(
            n ->
                n.get("method").getAsString().equals("window/logMessage")
                    && n.toString().contains("Unmatched cancel"));
  }

  @Test
  void should_accept_cancel_before_initialize_without_answering() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    RawClient raw = RawClient.over(server);

    // when
    raw.notify("$/cancelRequest", Map.of("id", 1));

    // then
    assertThat(raw.pollResponse(Duration.ofMillis(300))).isEmpty();
    assertThat(raw.initialize().has("result")).isTrue();
  }
}

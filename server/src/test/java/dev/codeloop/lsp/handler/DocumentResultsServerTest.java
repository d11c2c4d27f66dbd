package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.model.ModelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server side of "every editor shows every answer" (issue 13): document results say whether
 * they were shown, a client without progress gets a status message, the language comes from the
 * file extension when the client's id contradicts it, and {@code codeloop/status}.
 */
@Timeout(30)
class DocumentResultsServerTest {
  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void tearDown() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void should_return_the_answer_uri_and_shown_true_only_when_the_client_opened_it()
      throws Exception {
    // given
    h = ServerHarness.start(root, new ServerHarness.Caps());
    h.models.reply("An answer.");

    // when
    JsonObject result = h.command("codeloop.ask", "Why?");

    // then
    assertThat(result.get("shown").getAsBoolean()).isTrue();
    assertThat(result.get("answerUri").getAsString())
        .isEqualTo(h.client.shownDocuments.get(0).getUri());
    assertThat(result.get("markdown").getAsString()).contains("An answer.");
  }

  @Test
  void should_say_not_shown_and_give_no_answer_uri_when_the_client_cannot_show_documents()
      throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.showDocument = false;
    h = ServerHarness.start(root, caps);
    h.models.reply("An answer.");

    // when
    JsonObject result = h.command("codeloop.ask", "Why?");

    // then
    assertThat(result.has("answerUri")).isFalse();
    assertThat(result.get("shown").getAsBoolean()).isFalse();
    assertThat(result.get("markdown").getAsString()).contains("An answer.");
  }

  @Test
  void should_render_a_tool_run_as_markdown_with_shown_false() throws Exception {
    // given: no tests configured and an untrusted workspace: the command refuses; showTools reads
    h = ServerHarness.start(root, new ServerHarness.Caps());

    // when
    JsonObject tools = h.command("codeloop.showTools");

    // then
    assertThat(tools.get("shown").getAsBoolean()).isFalse();
    assertThat(tools.get("markdown").getAsString())
        .startsWith("# Checks and tests")
        .contains("not trusted");
  }

  @Test
  void should_send_a_status_message_to_a_client_without_progress_while_the_model_is_slow()
      throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.workDoneProgress = false;
    h = ServerHarness.start(root, caps);
    CountDownLatch release = new CountDownLatch(1);
    h.models.reply("Late.").blockOn(release);

    // when
    CompletableFuture<Object> pending =
        h.server
            .getWorkspaceService()
            .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("Why?")));
    boolean told =
        waitFor(
            () ->
                h.client.messages.stream()
                    .anyMatch(
                        m ->
                            m.getType() == MessageType.Info
                                && m.getMessage().equals("Codeloop: answering…")),
            Duration.ofSeconds(30));
    release.countDown();
    pending.get(10, TimeUnit.SECONDS);

    // then
    assertThat(told).as("messages: %s", h.client.messages).isTrue();
  }

  @Test
  void should_take_the_language_from_the_extension_when_the_client_says_java_for_python()
      throws Exception {
    // given: an editor that keeps one language id per server
    h = ServerHarness.start(root, new ServerHarness.Caps());
    String uri = h.uri("stats.py");
    h.client.open(uri, "java", "def mean(xs):\n    return sum(xs) / len(xs)\n");
    h.models.reply("It averages.");

    // when
    h.command("codeloop.ask", "What does mean do?", uri);

    // then
    assertThat(h.models.lastPrompt()).contains("```python").doesNotContain("```java");
  }

  @Test
  void should_send_codeloop_status_to_a_client_that_asked_for_it() throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.codeloopStatus = true;
    h = ServerHarness.start(root, caps);
    assertThat(waitFor(() -> !h.client.statuses.isEmpty(), Duration.ofSeconds(30))).isTrue();
    JsonObject first = h.client.statuses.get(0);
    CountDownLatch release = new CountDownLatch(1);
    h.models.reply("Late.").blockOn(release);

    // when: a model call starts...
    CompletableFuture<Object> pending =
        h.server
            .getWorkspaceService()
            .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("Why?")));
    boolean busy =
        waitFor(
            () -> last(s -> s.get("state").getAsString().equals("busy")), Duration.ofSeconds(30));
    release.countDown();
    pending.get(10, TimeUnit.SECONDS);
    // ...and then one fails authentication
    // (the fake answers its scripted replies in order and repeats the last: one more success,
    // then the failure)
    h.models.fail(new ModelException(ModelException.Kind.AUTHENTICATION, "cloud", "401"));
    for (int i = 0; i < 2; i++) {
      h.server
          .getWorkspaceService()
          .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("Again?")))
          .handle((r, t) -> null)
          .get(10, TimeUnit.SECONDS);
    }
    boolean authFailed =
        waitFor(
            () -> last(s -> s.get("state").getAsString().equals("authenticationFailed")),
            Duration.ofSeconds(30));

    // then: untrusted at first (nobody trusted the temp folder), busy with one call, then the
    // failure with its sentence
    assertThat(first.get("state").getAsString()).isEqualTo("untrusted");
    assertThat(first.get("inFlight").getAsInt()).isZero();
    assertThat(busy).as("statuses: %s", h.client.statuses).isTrue();
    assertThat(authFailed).as("statuses: %s", h.client.statuses).isTrue();
    JsonObject failed = h.client.statuses.get(h.client.statuses.size() - 1);
    assertThat(failed.get("model").getAsString()).isEqualTo("cloud");
    assertThat(failed.get("message").getAsString()).contains("API key");
  }

  @Test
  void should_not_send_codeloop_status_to_a_client_that_did_not_ask() throws Exception {
    // given
    h = ServerHarness.start(root, new ServerHarness.Caps());
    h.models.reply("An answer.");

    // when
    h.command("codeloop.ask", "Why?");
    Thread.sleep(300);

    // then
    assertThat(h.client.statuses).isEmpty();
  }

  private boolean last(Predicate<JsonObject> test) {
    List<JsonObject> all = h.client.statuses;
    return !all.isEmpty() && all.stream().anyMatch(test);
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition, Duration max)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}

package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.model.config.ModelSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelRouterTest {
  private static final CancelChecker NEVER = () -> {};
  private static final String TWO_MODELS =
      """
      { "models": {
          "fast": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:1/v1", "model": "qwen2.5-coder-7b" },
          "strong": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:1/v1", "model": "big" } },
        "routes": { "completion": ["fast", "strong"], "codeAction": ["strong", "fast"], "chat": ["fast", "strong"] } }
      """;

  private final RouterFixture fx = new RouterFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void should_answer_from_the_primary_model() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.answering("fast", "hi"))
        .add(FakeModelClient.answering("strong", "no"));
    // when
    ModelReply reply = fx.router().complete(RouterFixture.chat(Task.CHAT, "hello"), NEVER);
    // then
    assertThat(reply.text()).isEqualTo("hi");
    assertThat(reply.model()).isEqualTo("fast");
    assertThat(reply.attempts()).isEqualTo(1);
    assertThat(fx.fakes.get("strong").calls).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelException.Kind.class,
      names = {
        "TIMEOUT",
        "CONNECTION",
        "RATE_LIMITED",
        "AUTHENTICATION",
        "CONTEXT_OVERFLOW",
        "SERVER_ERROR",
        "MALFORMED_REPLY",
        "EMPTY_REPLY",
        "UNSUPPORTED"
      })
  void should_fall_back_to_the_next_model_when_the_primary_fails(ModelException.Kind kind) {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.failing("fast", kind))
        .add(FakeModelClient.answering("strong", "ok"));
    // when
    ModelReply reply = fx.router().complete(RouterFixture.chat(Task.CHAT, "hello"), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("strong");
    assertThat(reply.attempts()).isEqualTo(2);
  }

  @Test
  void should_not_fall_back_when_the_request_itself_is_invalid() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.failing("fast", ModelException.Kind.INVALID_REQUEST))
        .add(FakeModelClient.answering("strong", "ok"));
    // when / then
    assertThatThrownBy(() -> fx.router().complete(RouterFixture.chat(Task.CHAT, "x"), NEVER))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.INVALID_REQUEST));
    assertThat(fx.fakes.get("strong").calls).isEmpty();
  }

  @Test
  void should_fall_back_to_an_empty_reply_as_failure() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.answering("fast", "  "))
        .add(FakeModelClient.answering("strong", "ok"));
    // when
    ModelReply reply = fx.router().complete(RouterFixture.chat(Task.CHAT, "x"), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("strong");
  }

  @Test
  void should_report_the_last_failure_when_every_model_fails() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.failing("fast", ModelException.Kind.CONNECTION))
        .add(FakeModelClient.failing("strong", ModelException.Kind.SERVER_ERROR));
    // when / then
    assertThatThrownBy(() -> fx.router().complete(RouterFixture.chat(Task.CHAT, "x"), NEVER))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
              assertThat(e.getMessage()).contains("tried fast, strong");
            });
  }

  @Test
  void should_use_the_parent_route_when_a_sub_task_has_none() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.answering("fast", "f"))
        .add(FakeModelClient.answering("strong", "s"));
    // when
    ModelReply reply = fx.router().complete(RouterFixture.chat(Task.EXPLAIN, "explain"), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("strong");
    assertThat(fx.router().route(Task.EXPLAIN)).containsExactly("strong", "fast");
  }

  @Test
  void should_try_the_request_override_first() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.answering("fast", "f"))
        .add(FakeModelClient.answering("strong", "s"));
    // when
    ModelReply reply =
        fx.router().complete(RouterFixture.chat(Task.CHAT, "x").withModelOverride("strong"), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("strong");
  }

  @Test
  void should_reject_an_unknown_override() {
    // given
    fx.settings(TWO_MODELS);
    // when / then
    assertThatThrownBy(
            () ->
                fx.router()
                    .complete(RouterFixture.chat(Task.CHAT, "x").withModelOverride("nope"), NEVER))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_CONFIGURED);
              assertThat(e.getMessage()).contains("unknown model 'nope'");
            });
  }

  @Test
  void should_use_the_selected_model_for_the_session_until_cleared() {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.answering("fast", "f"))
        .add(FakeModelClient.answering("strong", "s"));
    SessionRouter router = fx.router();
    // when
    router.selectModel(Task.CODE_ACTION, "fast");
    ModelReply selected = router.complete(RouterFixture.chat(Task.FIX, "fix"), NEVER);
    router.selectModel(Task.CODE_ACTION, null);
    ModelReply cleared = router.complete(RouterFixture.chat(Task.FIX, "fix"), NEVER);
    // then
    assertThat(selected.model()).isEqualTo("fast");
    assertThat(cleared.model()).isEqualTo("strong");
    assertThatThrownBy(() -> router.selectModel(Task.CHAT, "ghost"))
        .isInstanceOf(ModelException.class);
  }

  @Test
  void should_route_everything_to_embedded_when_nothing_is_configured() {
    // given
    fx.embedded = (fim, n, cancel) -> List.of("x + 1;");
    SessionRouter router = fx.router();
    // when
    ModelReply reply = router.complete(RouterFixture.fim("int y = ", ""), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("embedded");
    assertThat(reply.text()).isEqualTo("x + 1;");
    assertThat(router.status(Task.COMPLETION).usable()).isTrue();
    assertThat(router.status(Task.CHAT).usable()).isFalse();
    assertThat(router.status(Task.CHAT).reason())
        .contains("ANTHROPIC_API_KEY")
        .contains("routes.chat");
  }

  @Test
  void should_say_workspace_context_is_unused_only_when_the_embedded_model_alone_completes() {
    // given
    fx.embedded = (fim, n, cancel) -> List.of("x");
    SessionRouter embeddedOnly = fx.router();
    RouterFixture configured = new RouterFixture();
    configured.embedded = (fim, n, cancel) -> List.of("x");
    configured.settings(TWO_MODELS);
    try {
      // when / then
      assertThat(embeddedOnly.usesWorkspaceContext(Task.COMPLETION)).isFalse();
      assertThat(configured.router().usesWorkspaceContext(Task.COMPLETION)).isTrue();
    } finally {
      configured.close();
    }
  }

  @Test
  void should_fail_unsupported_when_a_chat_task_is_routed_to_embedded_only() {
    // given
    fx.embedded = (fim, n, cancel) -> List.of("x");
    fx.settings("{ \"routes\": { \"chat\": [\"embedded\"] } }");
    // when / then
    assertThatThrownBy(() -> fx.router().complete(RouterFixture.chat(Task.CHAT, "hi"), NEVER))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_CONFIGURED);
              assertThat(e.getMessage()).contains("only completes code");
            });
  }

  @Test
  void should_use_zero_config_models_from_the_environment_and_ollama() throws Exception {
    // given
    fx.env = Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789");
    fx.embedded = (fim, n, cancel) -> List.of("x");
    CountDownLatch probed = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    fx.probe =
        () -> {
          probed.countDown();
          try {
            // the probe blocks (an HTTP call up to its timeout) ...
            answer.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of(List.of("llama3:8b", "qwen2.5-coder:7b-base"));
        };
    SessionRouter router = fx.router();
    router.startProbe();
    assertThat(probed.await(5, TimeUnit.SECONDS)).isTrue();
    // ... but not on the scheduler, whose thread runs every debounce timer and deadline
    assertThat(
            fx.scheduler
                .schedule(() -> "timer ran", 0, TimeUnit.MILLISECONDS)
                .get(5, TimeUnit.SECONDS))
        .isEqualTo("timer ran");
    answer.countDown();
    fx.executor.shutdown();
    assertThat(fx.executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    // when
    List<String> chat = router.route(Task.CHAT);
    List<String> completion = router.route(Task.COMPLETION);
    // then
    assertThat(chat).containsExactly("anthropic", "ollama");
    assertThat(completion).containsExactly("ollama", "embedded");
    assertThat(router.status(Task.PLAN).usable()).isTrue();
  }

  @Test
  void should_plan_with_the_settings_and_ollama_models_in_force_at_each_request() throws Exception {
    // given: a session planning the same task again and again (its planner is reused while
    // nothing it was built from changed)
    fx.embedded = (fim, n, cancel) -> List.of("x");
    fx.probe = () -> Optional.of(List.of("qwen2.5-coder:7b-base"));
    fx.settings(TWO_MODELS);
    ModelSettings two = fx.settings;
    SessionRouter router = fx.router();
    assertThat(router.route(Task.COMPLETION)).containsExactly("fast", "strong");
    assertThat(router.route(Task.COMPLETION)).containsExactly("fast", "strong");

    // when: the settings change
    fx.settings(
        """
        { "models": { "strong": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:2/v1", "model": "s" } },
          "routes": { "completion": ["strong"] } }
        """);
    // then
    assertThat(router.route(Task.COMPLETION)).containsExactly("strong");

    // when: no settings, then Ollama is found with the settings object unchanged
    fx.settings = ModelSettings.EMPTY;
    assertThat(router.route(Task.COMPLETION)).containsExactly("embedded");
    router.startProbe();
    fx.executor.shutdown();
    assertThat(fx.executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    // then
    assertThat(router.route(Task.COMPLETION)).containsExactly("ollama", "embedded");
    // and: back to the first settings object
    fx.settings = two;
    assertThat(router.route(Task.COMPLETION)).containsExactly("fast", "strong");
  }

  @Test
  void should_report_a_missing_key_in_the_status() {
    // given
    fx.settings(
        "{ \"models\": { \"strong\": { \"provider\": \"anthropic\", \"model\": \"claude\", \"apiKeyEnv\": \"MY_KEY\" } },"
            + " \"routes\": { \"plan\": [\"strong\"] } }");
    // when
    ModelGateway.RouteStatus status = fx.router().status(Task.PLAN);
    // then
    assertThat(status.usable()).isFalse();
    assertThat(status.reason()).contains("MY_KEY");
  }

  @Test
  void should_fall_back_when_the_primary_exceeds_its_share_of_the_deadline() throws Exception {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.hanging("fast"))
        .add(FakeModelClient.answering("strong", "late but ok"));
    SessionRouter router = fx.router();
    long start = System.nanoTime();
    // when
    ModelReply reply =
        router.complete(
            RouterFixture.chat(Task.CHAT, "x").withDeadline(Duration.ofMillis(600)), NEVER);
    // then
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(reply.model()).isEqualTo("strong");
    assertThat(ms).isLessThan(600);
    assertThat(fx.fakes.get("fast").cancelled.get()).isEqualTo(1);
    assertThat(router.stats().models().get("fast").failures()).containsEntry("TIMEOUT", 1L);
    assertThat(fx.drained()).isTrue();
  }

  @Test
  void should_time_out_within_the_deadline_when_no_model_answers() throws Exception {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.hanging("fast"))
        .add(FakeModelClient.hanging("strong"));
    SessionRouter router = fx.router();
    long start = System.nanoTime();
    // when / then
    assertThatThrownBy(
            () ->
                router.complete(
                    RouterFixture.chat(Task.CHAT, "x").withDeadline(Duration.ofMillis(300)), NEVER))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.TIMEOUT));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    assertThat(fx.drained()).isTrue();
  }

  @Test
  void should_stop_waiting_and_cancel_the_model_when_the_request_is_cancelled() throws Exception {
    // given
    fx.settings(TWO_MODELS)
        .add(FakeModelClient.hanging("fast"))
        .add(FakeModelClient.answering("strong", "s"));
    SessionRouter router = fx.router();
    AtomicBoolean cancelled = new AtomicBoolean();
    CancelChecker checker =
        () -> {
          if (cancelled.get()) {
            throw new CancellationException("user cancelled");
          }
        };
    Thread trip =
        new Thread(
            () -> {
              try {
                fx.fakes.get("fast").started.await();
                cancelled.set(true);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    trip.start();
    // when / then
    assertThatThrownBy(() -> router.complete(RouterFixture.chat(Task.CHAT, "x"), checker))
        .isInstanceOf(CancellationException.class);
    assertThat(fx.fakes.get("fast").cancelledLatch.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(fx.fakes.get("strong").calls).isEmpty();
    assertThat(fx.drained()).isTrue();
  }

  @Test
  void should_hedge_a_slow_completion_and_take_the_first_good_answer() throws Exception {
    // given
    fx.settings(
            TWO_MODELS.replace(
                "\"routes\"", "\"hedging\": {\"enabled\": true, \"delayMs\": 50}, \"routes\""))
        .add(FakeModelClient.hanging("fast"))
        .add(FakeModelClient.answering("strong", "hedged"));
    SessionRouter router = fx.router();
    // when
    ModelReply reply = router.complete(RouterFixture.fim("int x = ", ";"), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("strong");
    assertThat(reply.text()).isEqualTo("hedged");
    assertThat(fx.fakes.get("fast").cancelledLatch.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(fx.drained()).isTrue();
  }

  @Test
  void should_not_hedge_when_the_primary_answers_before_the_delay() {
    // given
    fx.settings(
            TWO_MODELS.replace(
                "\"routes\"", "\"hedging\": {\"enabled\": true, \"delayMs\": 5000}, \"routes\""))
        .add(FakeModelClient.answering("fast", "quick"))
        .add(FakeModelClient.answering("strong", "never"));
    // when
    ModelReply reply = fx.router().complete(RouterFixture.fim("int x = ", ";"), NEVER);
    // then
    assertThat(reply.model()).isEqualTo("fast");
    assertThat(fx.fakes.get("strong").calls).isEmpty();
  }

  @Test
  void should_skip_a_model_whose_circuit_is_open_and_probe_it_after_the_cool_down() {
    // given
    fx.settings(
            TWO_MODELS.replace(
                "\"routes\"",
                "\"breaker\": {\"failureThreshold\": 2, \"coolDownMs\": 10000}, \"routes\""))
        .add(FakeModelClient.failing("fast", ModelException.Kind.SERVER_ERROR))
        .add(FakeModelClient.answering("strong", "s"));
    SessionRouter router = fx.router();
    // when
    router.complete(RouterFixture.chat(Task.CHAT, "1"), NEVER);
    router.complete(RouterFixture.chat(Task.CHAT, "2"), NEVER);
    router.complete(RouterFixture.chat(Task.CHAT, "3"), NEVER);
    int callsWhileOpen = fx.fakes.get("fast").calls.size();
    String state = router.stats().models().get("fast").breaker();
    fx.clock.advance(Duration.ofSeconds(11));
    fx.fakes.get("fast").behave((c, ctl, p) -> ModelOutput.of("recovered"));
    ModelReply probe = router.complete(RouterFixture.chat(Task.CHAT, "4"), NEVER);
    // then
    assertThat(callsWhileOpen).isEqualTo(2);
    assertThat(state).isEqualTo("OPEN");
    assertThat(probe.model()).isEqualTo("fast");
    assertThat(router.stats().models().get("fast").breaker()).isEqualTo("CLOSED");
  }

  @Test
  void should_honour_retry_after_on_rate_limits() {
    // given
    fx.settings(TWO_MODELS)
        .add(
            new FakeModelClient(
                "fast",
                (c, ctl, p) -> {
                  throw new RateLimitedException(
                      "fast", "429", Optional.of(Duration.ofSeconds(60)));
                }))
        .add(FakeModelClient.answering("strong", "s"));
    SessionRouter router = fx.router();
    // when
    router.complete(RouterFixture.chat(Task.CHAT, "1"), NEVER);
    fx.clock.advance(Duration.ofSeconds(59));
    router.complete(RouterFixture.chat(Task.CHAT, "2"), NEVER);
    fx.clock.advance(Duration.ofSeconds(2));
    router.complete(RouterFixture.chat(Task.CHAT, "3"), NEVER);
    // then
    assertThat(fx.fakes.get("fast").calls).hasSize(2);
  }

  @Test
  void should_restart_the_stream_when_falling_back_mid_stream() {
    // given
    fx.settings(TWO_MODELS)
        .add(
            new FakeModelClient(
                "fast",
                (c, ctl, p) -> {
                  p.accept("par");
                  p.accept("tial");
                  throw new ModelException(ModelException.Kind.CONNECTION, "fast", "reset");
                }))
        .add(
            new FakeModelClient(
                "strong",
                (c, ctl, p) -> {
                  p.accept("Hel");
                  p.accept("lo");
                  return ModelOutput.of("Hello");
                }));
    List<String> chunks = new CopyOnWriteArrayList<>();
    // when
    ModelReply reply = fx.router().stream(RouterFixture.chat(Task.CHAT, "x"), NEVER, chunks::add);
    // then
    assertThat(reply.text()).isEqualTo("Hello");
    assertThat(chunks).containsExactly("par", "tial", ModelGateway.RESTART, "Hel", "lo");
  }

  @Test
  void should_fit_fim_snippets_into_a_small_context_window() {
    // given
    fx.settings(
            "{ \"models\": { \"tiny\": { \"provider\": \"openai-compatible\", \"baseUrl\": \"http://127.0.0.1:1/v1\","
                + " \"model\": \"qwen2.5-coder\", \"contextWindow\": 400 } }, \"routes\": { \"completion\": [\"tiny\"] } }")
        .add(FakeModelClient.answering("tiny", "x"));
    List<FimRequest.ContextSnippet> snippets =
        List.of(
            new FimRequest.ContextSnippet("a.java", "a".repeat(300), 0.9),
            new FimRequest.ContextSnippet("b.java", "b".repeat(1200), 0.5));
    ModelRequest request =
        ModelRequest.fim(
            Task.COMPLETION, new FimRequest("A.java", "java", "int y = ", ";", snippets, false));
    // when
    fx.router().complete(request, NEVER);
    // then
    FimRequest sent = fx.fakes.get("tiny").calls.get(0).fim().orElseThrow();
    assertThat(sent.snippets())
        .extracting(FimRequest.ContextSnippet::path)
        .containsExactly("a.java");
    assertThat(sent.prefix()).isEqualTo("int y = ");
  }

  @Test
  void should_account_calls_fallbacks_tokens_and_cost_and_serialize_stats_to_json()
      throws Exception {
    // given
    fx.settings(
            TWO_MODELS.replace(
                "\"model\": \"big\"",
                "\"model\": \"big\", \"pricePer1kInput\": 1.0, \"pricePer1kOutput\": 2.0"))
        .add(FakeModelClient.failing("fast", ModelException.Kind.SERVER_ERROR))
        .add(
            new FakeModelClient(
                "strong",
                (c, ctl, p) ->
                    new ModelOutput(List.of("s"), new ModelReply.TokenUsage(1000, 500))));
    SessionRouter router = fx.router();
    // when
    router.complete(RouterFixture.chat(Task.CHAT, "x"), NEVER);
    RouterStats stats = router.stats();
    JsonNode json = new ObjectMapper().valueToTree(stats);
    // then
    assertThat(stats.models().get("fast").fallbacks()).isEqualTo(1);
    assertThat(stats.models().get("strong").successes()).isEqualTo(1);
    assertThat(stats.models().get("strong").estimatedCost()).isEqualTo(2.0);
    assertThat(stats.tasks().get("chat").fallbacks()).isEqualTo(1);
    assertThat(json.path("models").path("fast").path("failures").path("SERVER_ERROR").asLong())
        .isEqualTo(1);
    assertThat(json.path("tasks").path("chat").path("p99Ms").isNumber()).isTrue();
  }

  @Test
  void should_write_a_doctor_report_with_models_routes_and_problems_but_no_key() {
    // given
    fx.env = Map.of("SECRET_KEY_ENV", "sk-live-abcdefghijklmnop");
    fx.settings(
            "{ \"models\": { \"fast\": { \"provider\": \"openai-compatible\", \"baseUrl\": \"http://127.0.0.1:1/v1\","
                + " \"model\": \"q\", \"apiKeyEnv\": \"SECRET_KEY_ENV\" },"
                + " \"bad\": { \"provider\": \"opneai\", \"model\": \"x\" },"
                + " \"cloud\": { \"provider\": \"anthropic\", \"model\": \"claude\", \"apiKeyEnv\": \"UNSET_ENV\" } },"
                + " \"routes\": { \"chat\": [\"fast\"] } }")
        .add(
            new FakeModelClient(
                "fast",
                (c, ctl, p) -> {
                  throw new ModelException(
                      ModelException.Kind.AUTHENTICATION,
                      "fast",
                      "bad key sk-live-abcdefghijklmnop");
                }));
    // when
    String report = fx.router().doctor(NEVER);
    // then
    assertThat(report)
        .contains("# Codeloop model doctor")
        .contains("| fast |")
        .contains("AUTHENTICATION")
        .contains("no API key: set UNSET_ENV")
        .contains("models.bad.provider")
        .contains("| chat | fast |")
        .doesNotContain("sk-live-abcdefghijklmnop");
  }

  @Test
  void should_apply_the_task_budget_and_the_model_limit_to_the_output_tokens() {
    // given
    fx.settings(
            TWO_MODELS
                .replace("\"routes\"", "\"budgets\": {\"codeAction\": 300}, \"routes\"")
                .replace("\"model\": \"big\"", "\"model\": \"big\", \"maxTokens\": 200"))
        .add(FakeModelClient.answering("strong", "s"))
        .add(FakeModelClient.answering("fast", "f"));
    SessionRouter router = fx.router();
    // when
    router.complete(RouterFixture.chat(Task.EXPLAIN, "x"), NEVER);
    router.complete(RouterFixture.chat(Task.CHAT, "x").withMaxOutputTokens(50), NEVER);
    // then
    assertThat(fx.fakes.get("strong").calls.get(0).maxOutputTokens()).isEqualTo(200);
    assertThat(fx.fakes.get("fast").calls.get(0).maxOutputTokens()).isEqualTo(50);
  }

  @Test
  void should_use_the_configured_task_deadline() {
    // given
    fx.settings(TWO_MODELS.replace("\"routes\"", "\"deadlines\": {\"chat\": 200}, \"routes\""))
        .add(FakeModelClient.hanging("fast"))
        .add(FakeModelClient.hanging("strong"));
    long start = System.nanoTime();
    // when / then
    assertThatThrownBy(() -> fx.router().complete(RouterFixture.chat(Task.CHAT, "x"), NEVER))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
              assertThat(e.getMessage()).contains("within 200 ms");
            });
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(800);
  }
}

package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.SettingsSource;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sessions over one router backend: each routes with its own settings and selections. */
class SessionRouterTest {
  private static final CancelChecker NEVER = () -> {};
  private final RouterFixture fx = new RouterFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private static ModelSettings settings(String json) throws Exception {
    return ModelSettings.parse(new ObjectMapper().readTree(json), SettingsSource.USER, Map.of());
  }

  private static final String A =
      """
      { "models": { "m": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:1/v1", "model": "a" },
                    "alt": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:3/v1", "model": "c" } },
        "routes": { "chat": ["m"] } }
      """;
  private static final String B =
      """
      { "models": { "m": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:2/v1", "model": "b" } },
        "routes": { "chat": ["m"] } }
      """;

  @Test
  void should_route_each_session_by_its_own_settings_and_selection() throws Exception {
    // given: two sessions name a model "m", each on an endpoint of its own
    ModelRouter backend =
        ModelRouter.builder()
            .clientFactory(
                (spec, env) ->
                    FakeModelClient.answering(spec.name(), "from " + spec.effectiveBaseUrl().get()))
            .modelExecutor(fx.executor)
            .scheduler(fx.scheduler)
            .build();
    ModelSettings a = settings(A);
    ModelSettings b = settings(B);
    SessionRouter one = backend.session("one", () -> a, Egress.Sink.NONE);
    SessionRouter two = backend.session("two", () -> b, Egress.Sink.NONE);

    // when / then
    assertThat(one.complete(RouterFixture.chat(Task.CHAT, "x"), NEVER).text())
        .isEqualTo("from http://127.0.0.1:1/v1");
    assertThat(two.complete(RouterFixture.chat(Task.CHAT, "x"), NEVER).text())
        .isEqualTo("from http://127.0.0.1:2/v1");

    // when: session one selects its alt model
    one.selectModel(Task.CHAT, "alt");
    // then: only session one's route changed
    assertThat(one.route(Task.CHAT)).first().isEqualTo("alt");
    assertThat(two.route(Task.CHAT)).containsExactly("m");
    assertThat(two.selectedModels()).isEmpty();
    assertThat(two.complete(RouterFixture.chat(Task.CHAT, "x"), NEVER).text())
        .isEqualTo("from http://127.0.0.1:2/v1");
    // and: each session's stats are its own; the backend's count both
    assertThat(one.stats().tasks().get("chat").requests()).isEqualTo(1);
    assertThat(two.stats().tasks().get("chat").requests()).isEqualTo(2);
    assertThat(backend.stats().tasks().get("chat").requests()).isEqualTo(3);
    assertThat(backend.stats().models())
        .containsKeys(
            "openai-compatible:a@http://127.0.0.1:1/v1",
            "openai-compatible:b@http://127.0.0.1:2/v1");
  }

  @Test
  void should_record_each_request_sent_in_the_egress_audit_without_its_content() throws Exception {
    // given
    fx.settings(A).add(FakeModelClient.answering("m", "ok"));
    SessionRouter router = fx.router();
    ModelRequest request =
        RouterFixture.chat(Task.CHAT, "the secret plan é")
            .withAudit(new ModelRequest.Audit(List.of("file:///w/A.java"), 2));

    // when
    router.complete(request, NEVER);

    // then
    assertThat(fx.egress).hasSize(1);
    Egress e = fx.egress.get(0);
    assertThat(e.session()).isEqualTo("session-test");
    assertThat(e.task()).isEqualTo(Task.CHAT);
    assertThat(e.model()).isEqualTo("m");
    assertThat(e.host()).isEqualTo("127.0.0.1");
    assertThat(e.bytes())
        .isEqualTo("the secret plan é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(e.files()).containsExactly("file:///w/A.java");
    assertThat(e.redactions()).isEqualTo(2);
    assertThat(e.toString()).doesNotContain("secret plan");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "",
        "ascii",
        "é and ü",
        "€ 3 bytes",
        "emoji \uD83D\uDE00 four",
        "lone \uD800 x",
        "\uDC00"
      })
  void should_measure_the_utf8_size_of_a_prompt_as_encoding_it_would(String text) {
    assertThat(ModelRouter.utf8(text))
        .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  @Test
  void should_not_record_anything_when_the_egress_audit_is_off() throws Exception {
    // given
    fx.settings(A).add(FakeModelClient.answering("m", "ok"));
    List<Egress> recorded = new java.util.ArrayList<>();
    Egress.Sink off =
        new Egress.Sink() {
          @Override
          public boolean enabled() {
            return false;
          }

          @Override
          public void sent(Egress egress) {
            recorded.add(egress);
          }
        };
    SessionRouter router = fx.backend().session("s", () -> fx.settings, off);

    // when
    router.complete(RouterFixture.chat(Task.CHAT, "x"), NEVER);

    // then
    assertThat(recorded).isEmpty();
  }
}

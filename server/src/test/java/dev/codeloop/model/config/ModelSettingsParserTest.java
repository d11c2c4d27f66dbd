package dev.codeloop.model.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSettingsParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ModelSettings parse(String json, SettingsSource source, Map<String, String> env)
      throws Exception {
    return ModelSettings.parse(JSON.readTree(json), source, env);
  }

  @Test
  void should_parse_the_documented_shape() throws Exception {
    // given
    String json =
        """
        { "models": {
            "fast": { "provider": "openai-compatible", "baseUrl": "http://127.0.0.1:8000/v1", "model": "qwen2.5-coder-7b" },
            "strong": { "provider": "anthropic", "model": "claude-opus-4-6", "apiKeyEnv": "ANTHROPIC_API_KEY" } },
          "routes": { "completion": ["fast", "embedded"], "plan": ["strong", "fast"], "codeAction": ["strong"] } }
        """;
    // when
    ModelSettings s = parse(json, SettingsSource.WORKSPACE, Map.of("ANTHROPIC_API_KEY", "x"));
    // then
    assertThat(s.problems()).isEmpty();
    assertThat(s.models()).containsOnlyKeys("fast", "strong");
    ModelSpec fast = s.models().get("fast");
    assertThat(fast.provider()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
    assertThat(fast.effectiveBaseUrl()).contains("http://127.0.0.1:8000/v1");
    assertThat(fast.capabilities()).isEqualTo(new Capabilities(true, true, true));
    assertThat(s.models().get("strong").effectiveBaseUrl())
        .contains("https://api.anthropic.com/v1");
    assertThat(s.models().get("strong").capabilities().fim()).isFalse();
    assertThat(s.routeFor(Task.COMPLETION)).contains(List.of("fast", "embedded"));
    assertThat(s.routeFor(Task.EXPLAIN)).contains(List.of("strong"));
    assertThat(s.routeFor(Task.CHAT)).isEmpty();
  }

  @Test
  void should_drop_a_model_with_an_unknown_provider_and_keep_the_rest() throws Exception {
    // given
    String json =
        "{ \"models\": { \"fast\": { \"provider\": \"opneai\", \"model\": \"m\" },"
            + " \"ok\": { \"provider\": \"ollama\", \"model\": \"qwen2.5-coder:7b\" } },"
            + " \"routes\": { \"chat\": [\"fast\", \"ok\"] } }";
    // when
    ModelSettings s = parse(json, SettingsSource.USER, Map.of());
    // then
    assertThat(s.models()).containsOnlyKeys("ok");
    assertThat(s.problems())
        .extracting(SettingsProblem::toString)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "models.fast.provider: unknown provider 'opneai' (expected one of openai, openai-compatible"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("routes.chat[0]: model 'fast' is invalid (see models.fast)"));
    assertThat(s.routeFor(Task.CHAT)).contains(List.of("ok"));
  }

  @Test
  void should_refuse_a_literal_api_key_from_the_workspace() throws Exception {
    // given
    String json =
        "{ \"models\": { \"m\": { \"provider\": \"openai\", \"model\": \"gpt\", \"apiKey\": \"sk-secret-1234\" } } }";
    // when
    ModelSettings s = parse(json, SettingsSource.WORKSPACE, Map.of());
    // then
    assertThat(s.models().get("m").apiKey()).isEmpty();
    assertThat(s.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("models.m.apiKey");
              assertThat(p.severity()).isEqualTo(SettingsProblem.Severity.ERROR);
              assertThat(p.reason()).doesNotContain("sk-secret-1234");
            });
  }

  @Test
  void should_accept_a_literal_api_key_from_user_settings_with_a_warning() throws Exception {
    // given
    String json =
        "{ \"models\": { \"m\": { \"provider\": \"openai\", \"model\": \"gpt\", \"apiKey\": \"sk-secret-1234\" } } }";
    // when
    ModelSettings s = parse(json, SettingsSource.USER, Map.of());
    // then
    assertThat(s.models().get("m").resolveApiKey(Map.of())).contains("sk-secret-1234");
    assertThat(s.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(SettingsProblem.Severity.WARNING));
    assertThat(s.models().get("m").toString()).doesNotContain("sk-secret-1234");
  }

  @Test
  void should_report_each_bad_value_with_its_path() throws Exception {
    // given
    String json =
        """
        { "models": {
            "a": { "provider": "openai-compatible", "model": "m" },
            "b": { "provider": "ollama", "model": "m", "baseUrl": "ftp://x", "timeoutMs": -1 },
            "c": { "provider": "ollama", "model": "m", "timeoutMs": 0, "temperature": 9, "fimTemplate": "nope",
                   "capabilities": ["chat", "telepathy"] },
            "d": { "provider": "ollama", "model": "m", "apiKeyEnv": "sk-looks-like-a-key" } },
          "routes": { "complete": ["c"], "chat": "c" },
          "deadlines": { "completion": 800, "plan": "soon" },
          "budgets": { "chat": 2000 },
          "hedging": { "enabled": true, "delayMs": 150 } }
        """;
    // when
    ModelSettings s = parse(json, SettingsSource.USER, Map.of());
    // then
    assertThat(s.problems())
        .extracting(SettingsProblem::path)
        .contains(
            "models.a.baseUrl",
            "models.b.baseUrl",
            "models.c.timeoutMs",
            "models.c.temperature",
            "models.c.fimTemplate",
            "models.c.capabilities",
            "models.d.apiKeyEnv",
            "routes.complete",
            "deadlines.plan");
    assertThat(s.models()).containsOnlyKeys("c");
    assertThat(s.routeFor(Task.CHAT)).contains(List.of("c"));
    assertThat(s.deadlineFor(Task.COMPLETION)).contains(Duration.ofMillis(800));
    assertThat(s.budgetFor(Task.CHAT)).contains(2000);
    assertThat(s.hedging()).isEqualTo(new HedgingSettings(true, Duration.ofMillis(150)));
  }

  @Test
  void should_keep_a_model_with_bad_optional_values_and_warn_about_unset_key_variables()
      throws Exception {
    // given
    String json =
        "{ \"models\": { \"c\": { \"provider\": \"ollama\", \"model\": \"codellama:7b\", \"temperature\": 9,"
            + " \"capabilities\": [\"fim\"], \"apiKeyEnv\": \"OLLAMA_TOKEN\" } } }";
    // when
    ModelSettings s = parse(json, SettingsSource.USER, Map.of());
    // then
    assertThat(s.models().get("c").temperature()).isEmpty();
    assertThat(s.models().get("c").capabilities()).isEqualTo(new Capabilities(false, true, false));
    assertThat(s.problems())
        .extracting(SettingsProblem::toString)
        .contains("models.c.apiKeyEnv: environment variable OLLAMA_TOKEN is not set");
  }

  @Test
  void should_return_empty_settings_for_a_missing_tree() {
    assertThat(ModelSettings.parse(null, SettingsSource.USER, Map.of()))
        .isEqualTo(ModelSettings.EMPTY);
  }
}

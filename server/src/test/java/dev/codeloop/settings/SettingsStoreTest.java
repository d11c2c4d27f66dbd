package dev.codeloop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.errors.SettingsProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
  private final SettingsJson json = new SettingsJson();

  private SettingsStore store() {
    ObjectNode defaults =
        json.parse(
            "{ \"completion\": { \"debounceMs\": 75, \"style\": \"auto\" }, \"log\": {\"level\": \"info\"} }",
            "defaults");
    return new SettingsStore(json, defaults);
  }

  @Test
  void should_apply_layers_in_precedence_order() {
    // given
    SettingsStore store = store();

    // when
    store.setLayer(
        SettingsLayer.USER_FILE,
        json.parse("{\"completion\": {\"debounceMs\": 10, \"maxLines\": 5}}", "u"));
    store.setLayer(
        SettingsLayer.INITIALIZATION_OPTIONS,
        json.parse("{\"completion\": {\"debounceMs\": 20}}", "i"));
    store.setLayer(
        SettingsLayer.WORKSPACE_FILE, json.parse("{\"completion\": {\"debounceMs\": 30}}", "w"));

    // then: init options beat the workspace file, which beats the user file; untouched keys survive
    assertThat(store.current().completion().debounceMs()).isEqualTo(20);
    assertThat(store.current().completion().maxLines()).isEqualTo(5);

    // when the client layer arrives it wins
    store.setLayer(SettingsLayer.CLIENT, json.parse("{\"completion\": {\"debounceMs\": 40}}", "c"));
    assertThat(store.current().completion().debounceMs()).isEqualTo(40);
  }

  @Test
  void should_read_the_embedded_models_memory_budgets() {
    // given
    SettingsStore store = store();
    assertThat(store.current().embedded().maxModelMb()).isEqualTo(80);

    // when
    store.setLayer(
        SettingsLayer.USER_FILE,
        json.parse(
            "{\"embedded\": {\"maxModelMb\": 32, \"maxFiles\": 500, \"maxFileKb\": 64}}", "u"));

    // then
    assertThat(store.current().embedded().maxModelMb()).isEqualTo(32);
    assertThat(store.current().embedded().maxFiles()).isEqualTo(500);
    assertThat(store.current().embedded().maxFileKb()).isEqualTo(64);
  }

  @Test
  void should_keep_last_good_value_and_name_the_setting_when_a_value_is_bad() {
    // given
    SettingsStore store = store();
    store.setLayer(SettingsLayer.CLIENT, json.parse("{\"completion\": {\"debounceMs\": 33}}", "c"));
    List<SettingsStore.Update> seen = new ArrayList<>();
    store.addListener(seen::add);

    // when
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.CLIENT,
            json.parse(
                "{\"completion\": {\"debounceMs\": \"fast\", \"style\": \"sideways\", \"maxLines\": 3}}",
                "c"));

    // then
    assertThat(problems)
        .extracting(SettingsProblem::path)
        .containsExactlyInAnyOrder("completion.debounceMs", "completion.style");
    assertThat(problems.get(0).reason()).isNotBlank();
    assertThat(store.current().completion().debounceMs()).isEqualTo(33);
    assertThat(store.current().completion().style()).isEqualTo(ServerSettings.CompletionStyle.AUTO);
    assertThat(store.current().completion().maxLines()).isEqualTo(3);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).problems()).hasSize(2);
  }

  @Test
  void should_reject_out_of_range_numbers() {
    // given
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.CLIENT, json.parse("{\"completion\": {\"maxCandidates\": 99}}", "c"));

    // then
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("completion.maxCandidates");
              assertThat(p.reason()).contains("between 1 and 10");
            });
    assertThat(store.current().completion().maxCandidates()).isEqualTo(3);
  }

  @Test
  void should_read_files_with_comments_and_trailing_commas(@TempDir Path dir) throws Exception {
    // given
    Path file = dir.resolve(".codeloop.json");
    Files.writeString(
        file,
        "// team settings\n{\n  /* block */ \"completion\": { \"debounceMs\": 120, },\n  # yaml style\n}\n");
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems = store.loadFile(SettingsLayer.WORKSPACE_FILE, file);

    // then
    assertThat(problems).isEmpty();
    assertThat(store.current().completion().debounceMs()).isEqualTo(120);
  }

  @Test
  void should_report_unparsable_file_with_location_and_keep_settings(@TempDir Path dir)
      throws Exception {
    // given
    Path file = dir.resolve(".codeloop.json");
    Files.writeString(file, "{ \"completion\": { \"debounceMs\": 120 ");
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems = store.loadFile(SettingsLayer.WORKSPACE_FILE, file);

    // then
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("not valid JSON"));
    assertThat(store.current().completion().debounceMs()).isEqualTo(75);
  }

  @Test
  void should_drop_literal_api_key_from_workspace_layer_but_accept_it_from_user_file() {
    // given
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.WORKSPACE_FILE,
            json.parse(
                "{\"models\": {\"fast\": {\"provider\": \"openai\", \"apiKey\": \"sk-secret\"}}}",
                "w"));

    // then
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("models.fast.apiKey"));
    assertThat(store.current().tree().toString()).doesNotContain("sk-secret");

    // when the same key comes from the user's own file
    List<SettingsProblem> userProblems =
        store.setLayer(
            SettingsLayer.USER_FILE,
            json.parse(
                "{\"models\": {\"mine\": {\"provider\": \"openai\", \"apiKey\": \"sk-user\"}}}",
                "u"));

    // then it is kept (the router warns about it)
    assertThat(userProblems).noneMatch(p -> p.path().equals("models.mine.apiKey"));
    assertThat(store.current().tree().at("/models/mine/apiKey").asText()).isEqualTo("sk-user");
  }

  @Test
  void should_ignore_non_object_layer() {
    // given
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.CLIENT,
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());

    // then
    assertThat(problems).isNotEmpty();
    assertThat(store.current().completion().debounceMs()).isEqualTo(75);
  }
}

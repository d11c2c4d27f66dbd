package dev.codeloop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.errors.SettingsProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every settings layer is validated against docs/settings.schema.json (the copy in the jar). */
class SettingsValidationTest {
  private final SettingsJson json = new SettingsJson();

  private SettingsStore store() {
    ObjectNode defaults =
        json.parse("{ \"completion\": { \"debounceMs\": 75, \"style\": \"auto\" } }", "defaults");
    return new SettingsStore(json, defaults);
  }

  @Test
  void should_warn_about_a_misspelled_key_by_its_path_and_suggest_the_known_one() {
    // given
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.WORKSPACE_FILE,
            json.parse("{\"completion\": {\"debounceMS\": 10}, \"complection\": {}}", "w"));

    // then
    assertThat(problems)
        .extracting(SettingsProblem::toString)
        .containsExactlyInAnyOrder(
            "completion.debounceMS: unknown setting in the workspace .codeloop.json;"
                + " did you mean completion.debounceMs?",
            "complection: unknown setting in the workspace .codeloop.json;"
                + " did you mean completion?");
    assertThat(problems).allMatch(p -> p.severity() == SettingsProblem.Severity.WARNING);
    assertThat(store.current().completion().debounceMs()).isEqualTo(75);
  }

  @Test
  void should_report_a_wrong_type_once_and_keep_the_last_good_value() {
    // given
    SettingsStore store = store();
    store.setLayer(SettingsLayer.CLIENT, json.parse("{\"completion\": {\"debounceMs\": 33}}", "c"));

    // when: a value the reader also rejects, and a section that is not an object
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.CLIENT,
            json.parse("{\"completion\": {\"debounceMs\": \"fast\"}, \"privacy\": 5}", "c"));

    // then
    assertThat(problems)
        .extracting(SettingsProblem::path)
        .containsExactly("completion.debounceMs", "privacy");
    assertThat(problems).allMatch(p -> p.severity() == SettingsProblem.Severity.ERROR);
    assertThat(problems.get(1).reason()).contains("workspace/didChangeConfiguration");
    assertThat(store.current().completion().debounceMs()).isEqualTo(33);
    assertThat(store.current().privacy().redactSecrets()).isTrue();
  }

  @Test
  void should_name_unknown_keys_inside_lists_and_model_entries() {
    // given
    SettingsStore store = store();

    // when
    List<SettingsProblem> problems =
        store.setLayer(
            SettingsLayer.USER_FILE,
            json.parse(
                "{\"codeActions\": {\"custom\": [{\"title\": \"T\", \"prompt\": \"P\","
                    + " \"promt\": \"x\"}]},"
                    + " \"models\": {\"fast\": {\"provider\": \"ollama\", \"model\": \"m\","
                    + " \"temprature\": 0.2}}}",
                "u"));

    // then
    assertThat(problems)
        .extracting(SettingsProblem::path)
        .containsExactlyInAnyOrder("codeActions.custom[0].promt", "models.fast.temprature");
    assertThat(problems)
        .extracting(SettingsProblem::reason)
        .anyMatch(r -> r.endsWith("did you mean codeActions.custom[0].prompt?"))
        .anyMatch(r -> r.endsWith("did you mean models.fast.temperature?"));
  }

  @Test
  void should_accept_the_built_in_defaults() throws Exception {
    // given
    ObjectNode defaults;
    try (var in = getClass().getResourceAsStream("/codeloop/default-settings.json")) {
      defaults =
          json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "d");
    }

    // when / then
    assertThat(SettingsSchema.bundled().validate(defaults, "built-in defaults")).isEmpty();
  }
}

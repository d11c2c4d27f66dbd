package dev.codeloop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.model.config.ModelSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.schema.json and the code agree: every default and every key a parser reads is in
 * the schema, and the schema has no key the code does not read. Paths use {@code *} for a name the
 * user chooses (a model, a task) and {@code []} for a list entry.
 */
class SettingsSchemaCoverageTest {
  /** Keys that only editors read. */
  private static final Set<String> FOR_EDITORS_ONLY = Set.of("$schema");

  private static Set<String> schemaKeys;

  @BeforeAll
  static void flattenSchema() {
    schemaKeys = new TreeSet<>();
    flattenSchema(SettingsSchema.bundled().tree(), "", schemaKeys);
    schemaKeys.removeAll(FOR_EDITORS_ONLY);
  }

  private static void flattenSchema(JsonNode node, String prefix, Set<String> out) {
    if (!prefix.isEmpty()) {
      out.add(prefix);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      flattenSchema(e.getValue(), join(prefix, e.getKey()), out);
    }
    if (node.path("additionalProperties").isObject()) {
      flattenSchema(node.get("additionalProperties"), join(prefix, "*"), out);
    }
    if (node.path("items").path("properties").isObject()) {
      flattenSchema(node.get("items"), prefix + "[]", out);
    }
  }

  private static void flattenValues(JsonNode node, String prefix, Set<String> out) {
    if (!prefix.isEmpty()) {
      out.add(prefix);
    }
    if (node.isObject()) {
      node.properties().forEach(e -> flattenValues(e.getValue(), join(prefix, e.getKey()), out));
    }
  }

  private static String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** Every path the code reads, with its parents. */
  private static Set<String> codeKeys() {
    SettingsJson json = new SettingsJson();
    ObjectNode tree =
        json.parse(
            "{\"codeActions\": {\"custom\": ["
                + "{\"id\": \"a\", \"title\": \"A\", \"kind\": \"refactor\", \"prompt\": \"p\","
                + " \"task\": \"codeAction\", \"output\": \"newFile\", \"path\": \"x.md\"},"
                + "{\"title\": \"B\", \"prompt\": \"p\", \"route\": \"chat\"}]}}",
            "all keys");
    SettingsReader reader = new SettingsReader(tree, new ArrayList<>());
    ServerSettings.parse(tree, ServerSettings.defaults(tree), reader);
    Set<String> read = new TreeSet<>(reader.pathsRead());
    read.addAll(ModelSettings.pathsRead());
    read.add(WorkspaceTrust.TRUSTED_WORKSPACES); // read by the settings store itself

    Set<String> withParents = new TreeSet<>();
    for (String path : read) {
      String p = path;
      while (true) {
        withParents.add(p);
        int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        if (cut < 0) {
          break;
        }
        p = p.substring(0, cut);
      }
    }
    return withParents;
  }

  @Test
  void should_describe_every_built_in_default() throws Exception {
    // given
    ObjectNode defaults;
    try (var in = getClass().getResourceAsStream("/codeloop/default-settings.json")) {
      defaults =
          new SettingsJson().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "d");
    }
    Set<String> defaultKeys = new TreeSet<>();
    flattenValues(defaults, "", defaultKeys);

    // when / then
    assertThat(schemaKeys).containsAll(defaultKeys);
  }

  @Test
  void should_describe_every_key_the_parsers_read() {
    assertThat(schemaKeys).containsAll(codeKeys());
  }

  @Test
  void should_have_no_key_the_code_does_not_read() {
    assertThat(codeKeys()).containsAll(schemaKeys);
  }
}

package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTreeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        " {\"a\" : [1, -2.5e+3, 0, 0.25, true, false, null, \"x\"]} ",
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"",
        "{\"nested\":{\"deeper\":[[[{}]]]}}",
        "-0",
        "1E9"
      })
  void should_read_what_gson_reads_for_valid_json(String json) {
    // when
    JsonElement ours = JsonTree.parse(json);

    // then
    assertThat(ours).isEqualTo(JsonParser.parseString(json));
  }

  @Test
  void should_accept_lone_surrogate_escapes_as_the_code_units_they_name() {
    // when
    JsonElement e = JsonTree.parse("[\"a\\ud800b\", \"\\udc00\", \"\\uDBFF\"]");

    // then
    assertThat(e.getAsJsonArray().get(0).getAsString()).isEqualTo("a\uD800b");
    assertThat(e.getAsJsonArray().get(1).getAsString()).isEqualTo("\uDC00");
    assertThat(e.getAsJsonArray().get(2).getAsString()).isEqualTo("\uDBFF");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "hello",
        "TRUE",
        "nul",
        "{'a':1}",
        "{a:1}",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "// c\n{}",
        "{} x",
        "01",
        "1.",
        "-",
        ".5",
        "+1",
        "0x10",
        "\"tab\there\"",
        "\"bad \\x escape\"",
        "\"\\u12G4\"",
        "\"\\u١٢٣٤\"",
        "\"unterminated",
        "[",
        "{\"a\":"
      })
  void should_refuse_what_rfc_8259_does_not_allow(String json) {
    assertThatThrownBy(() -> JsonTree.parse(json)).isInstanceOf(JsonSyntaxException.class);
  }

  @Test
  void should_refuse_nesting_deeper_than_the_limit_without_overflowing_the_stack() {
    // given
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String fine = "[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH);

    // then
    assertThatThrownBy(() -> JsonTree.parse(deep))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("nesting deeper than");
    assertThat(JsonTree.parse(fine).isJsonArray()).isTrue();
  }
}

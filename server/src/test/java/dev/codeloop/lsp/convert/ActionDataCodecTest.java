package dev.codeloop.lsp.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.TextRange;
import dev.codeloop.errors.CodeloopException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionDataCodecTest {
  private final ActionDataCodec codec = new ActionDataCodec();

  @Test
  void should_round_trip_action_data_through_json() {
    // given
    ActionData data =
        new ActionData(
            1,
            "fix",
            "fix",
            "file:///a.java",
            7,
            TextRange.of(1, 2, 3, 4),
            Map.of("message", "boom"));

    // when
    ActionData back = codec.decode(JsonParser.parseString(codec.encode(data).toString()));

    // then
    assertThat(back).isEqualTo(data);
  }

  @Test
  void should_reject_data_of_another_schema_version() {
    assertThatThrownBy(() -> codec.decode(JsonParser.parseString("{\"schemaVersion\":99}")))
        .isInstanceOf(CodeloopException.class)
        .hasMessageContaining("schemaVersion 99");
  }

  @Test
  void should_name_the_bad_field() {
    assertThatThrownBy(
            () ->
                codec.decode(
                    JsonParser.parseString(
                        "{\"schemaVersion\":1,\"provider\":\"x\",\"action\":\"x\",\"uri\":\"u\",\"version\":\"one\"}")))
        .isInstanceOf(CodeloopException.class)
        .hasMessageContaining("version must be a number");
  }
}

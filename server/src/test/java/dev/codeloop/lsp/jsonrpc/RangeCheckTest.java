package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class RangeCheckTest {
  private static String problem(String params) {
    return RangeCheck.firstProblem(JsonParser.parseString(params));
  }

  @Test
  void should_accept_ordered_ranges_and_unsigned_positions() {
    assertThat(
            problem(
                "{\"range\":{\"start\":{\"line\":0,\"character\":4},"
                    + "\"end\":{\"line\":1,\"character\":0}},\"position\":{\"line\":3,\"character\":0}}"))
        .isNull();
    assertThat(
            problem(
                "{\"start\":{\"line\":2,\"character\":1},\"end\":{\"line\":2,\"character\":1}}"))
        .isNull();
  }

  @Test
  void should_name_an_inverted_range_by_its_path() {
    assertThat(
            problem(
                "{\"context\":{\"diagnostics\":[{\"range\":{\"start\":{\"line\":2,\"character\":0},"
                    + "\"end\":{\"line\":1,\"character\":9}}}]}}"))
        .contains("$.params.context.diagnostics[0].range")
        .contains("after it ends");
  }

  @Test
  void should_refuse_negative_fractional_and_huge_coordinates() {
    assertThat(problem("{\"position\":{\"line\":-1,\"character\":0}}"))
        .contains("$.params.position.line");
    assertThat(problem("{\"position\":{\"line\":0,\"character\":1.5}}"))
        .contains("character is 1.5");
    assertThat(problem("{\"position\":{\"line\":1e12,\"character\":0}}")).contains("line");
  }

  @Test
  void should_read_integral_coordinates_however_they_are_written() {
    assertThat(problem("{\"position\":{\"line\":2.0,\"character\":1e1}}")).isNull();
    assertThat(problem("{\"position\":{\"line\":-0,\"character\":2147483647}}")).isNull();
    assertThat(problem("{\"position\":{\"line\":0,\"character\":2147483648}}"))
        .isEqualTo("$.params.position.character is 2147483648, not an unsigned integer");
    assertThat(problem("{\"position\":{\"line\":123456789012345678901,\"character\":0}}"))
        .isEqualTo("$.params.position.line is 123456789012345678901, not an unsigned integer");
    assertThat(
            problem(
                "{\"a\":[{},{\"b\":{\"start\":{\"line\":10,\"character\":5},"
                    + "\"end\":{\"line\":10,\"character\":4}}}]}"))
        .isEqualTo("the range at $.params.a[1].b starts (10:5) after it ends (10:4)");
  }
}

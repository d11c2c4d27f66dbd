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
}

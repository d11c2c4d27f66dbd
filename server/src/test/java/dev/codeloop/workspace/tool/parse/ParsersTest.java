package dev.codeloop.workspace.tool.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry, and what every parser does with input that is not its tool's output. */
class ParsersTest {

  private static final Path PROJECT = Path.of("/project");
  private static final int FIVE_MB = 5 * 1024 * 1024;

  private final Parsers parsers = new Parsers();

  static Stream<String> toolIds() {
    return Stream.of(
        "javac",
        "maven",
        "gcc",
        "clang",
        "tsc",
        "eslint",
        "ruff",
        "flake8",
        "mypy",
        "govet",
        "junit-xml",
        "node-test",
        "go-test-json",
        "cargo-json");
  }

  @Test
  void should_know_exactly_the_documented_tools_when_listing_ids() {
    // when
    var ids = parsers.toolIds();
    // then
    assertThat(ids).containsExactlyInAnyOrderElementsOf(toolIds().toList());
    assertThat(parsers.forTool("nope")).isEmpty();
    assertThat(parsers.reportParser("junit-xml")).isPresent();
    assertThat(parsers.reportParser("javac")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("toolIds")
  void should_return_nothing_when_the_output_is_garbage(String toolId) {
    // given
    OutputParser parser = parsers.forTool(toolId).orElseThrow();
    List<String> garbage =
        List.of(
            "",
            "\n\n\r\n",
            "a:b:c:",
            "::::1::2:",
            ":1:2: error: no file",
            "x(1,: error TS1: y",
            "[ERROR] :[",
            "[ERROR] a:[99999999999999,1] big",
            "not ok",
            "not ok 1 - x\n  ---\n  location: 'nowhere'\n  ...",
            "{\"reason\":\"compiler-message\",\"message\":{\"spans\":[{}]}",
            "{\"Action\":\"fail\",\"Test\":",
            "<testsuite><testcase><failure>",
            "\u0000\u0001\uFFFF:1:2: error: nul",
            "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/x.dtd\"><x/>");
    // when / then
    for (String input : garbage) {
      assertThatCode(() -> assertThat(parser.parse(input, PROJECT)).as("input %s", input).isEmpty())
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @MethodSource("toolIds")
  void should_parse_in_linear_time_when_the_output_is_five_megabytes_of_noise(String toolId) {
    // given
    OutputParser parser = parsers.forTool(toolId).orElseThrow();
    String noise = noise(new Random(42));
    String oneLine = "a:1".repeat(FIVE_MB / 3) + "((((1,1".repeat(1000);
    // when
    List<Finding> fromNoise =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parser.parse(noise, PROJECT));
    List<Finding> fromOneLine =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parser.parse(oneLine, PROJECT));
    // then
    assertThat(fromNoise.size() + fromOneLine.size()).isGreaterThanOrEqualTo(0);
  }

  /** Lines built from the characters the scanners look for, so every branch gets exercised. */
  private static String noise(Random random) {
    String alphabet = ":([,])0123456789 -./\\'\"{}<>^|[ERROR] error warning not ok at File\t";
    StringBuilder text = new StringBuilder(FIVE_MB);
    while (text.length() < FIVE_MB) {
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      text.append('\n');
    }
    return text.toString();
  }
}

package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordMatchTest {
  @ParameterizedTest
  @CsvSource({
    "se, set, 0",
    "Se, set, 1",
    "gSV, getSomeValue, 2",
    "getsv, getSomeValue, 2",
    "fin, _finished, 2",
    "ifi, is_finished, 2",
    "wf, wait_finished, 2",
    "HS, HTTPServer, 2",
    "sv, set, -1",
    "xyz, set, -1",
    "setx, set, -1",
    "'', anything, 0",
  })
  void should_match_prefixes_then_humps(String typed, String word, int expected) {
    assertThat(WordMatch.of(typed, word)).isEqualTo(expected);
  }
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.RankedWord;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordRankingTest {
  private final EmbeddedCodeModel model =
      EmbeddedCodeModel.builder().executor(Runnable::run).build();

  private List<String> words(String prefix) {
    return model
        .rankWords(new FimRequest("a.py", "python", prefix, "", List.of(), false), 40, () -> {})
        .stream()
        .map(RankedWord::word)
        .toList();
  }

  @Test
  void should_offer_the_file_words_even_when_the_model_knows_nothing() {
    assertThat(words("quokka_total = 3\nzebra = 4\nq")).contains("quokka_total");
  }

  @Test
  void should_rank_a_member_seen_after_a_dot_before_a_word_never_seen_there() {
    model.updateDocument(
        "file:///w/a.py",
        "python",
        "class A:\n    def stop(self):\n        self._finished.set()\n        self.x = 1\n"
            // self is the most frequent word of a Python workspace, and never follows a dot
            + "    def go(self):\n        self.y = self.x\n".repeat(2_000));
    List<String> got = words("class B:\n    def go(self):\n        self._finished.s");
    assertThat(got).contains("set", "self");
    assertThat(got.indexOf("set")).isLessThan(got.indexOf("self"));
  }

  @Test
  void should_not_offer_words_inside_a_comment_or_string() {
    assertThat(words("quokka = 1\n# q")).isEmpty();
    assertThat(words("quokka = 1\nx = \"q")).isEmpty();
  }

  @Test
  void should_offer_words_when_the_prefix_starts_inside_a_docstring() {
    // the editor's prefix was cut at a line inside a docstring: its closing quotes come first
    String prefix = "    the rest of a docstring\n    \"\"\"\n    quokka_total = 3\n    q";
    assertThat(words(prefix)).contains("quokka_total");
    assertThat(EmbeddedPredictor.outsideTripleQuotes(prefix)).startsWith("    quokka_total");
    assertThat(EmbeddedPredictor.outsideTripleQuotes("x = 1\n\"\"\"doc\"\"\"\ny"))
        .isEqualTo("x = 1\n\"\"\"doc\"\"\"\ny");
  }
}

package dev.codeloop.action.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MinimalDiffTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("identical", "a\nb\n", "a\nb\n", List.of()),
        Arguments.of(
            "identifier widened",
            "int x = foo(bar);",
            "int x = foo(baz);",
            List.of(new OffsetEdit(12, 15, "baz"))),
        Arguments.of("line inserted", "a\nc\n", "a\nb\nc\n", List.of(new OffsetEdit(2, 2, "b\n"))),
        Arguments.of("line deleted", "a\nb\nc\n", "a\nc\n", List.of(new OffsetEdit(2, 4, ""))),
        Arguments.of(
            "two separate hunks",
            "one\ntwo\nthree\nfour\nfive\n",
            "one\n2\nthree\nfour\n5\n",
            List.of(new OffsetEdit(4, 7, "2"), new OffsetEdit(19, 23, "5"))),
        Arguments.of(
            "doc comment inserted above a method",
            "  void run() {\n  }\n",
            "  /** Runs. */\n  void run() {\n  }\n",
            List.of(new OffsetEdit(0, 0, "  /** Runs. */\n"))),
        Arguments.of(
            "punctuation only", "f(a, b)", "f(a, b, c)", List.of(new OffsetEdit(6, 6, ", c"))),
        Arguments.of("from empty", "", "x\n", List.of(new OffsetEdit(0, 0, "x\n"))),
        Arguments.of("to empty", "x\ny", "", List.of(new OffsetEdit(0, 3, ""))),
        Arguments.of("crlf kept", "a\r\nb\r\n", "a\r\nc\r\n", List.of(new OffsetEdit(3, 4, "c"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_produce_minimal_edits(
      String name, String oldText, String newText, List<OffsetEdit> expected) {
    // given / when
    List<OffsetEdit> edits = MinimalDiff.compute(oldText, newText);

    // then
    assertThat(edits).containsExactlyElementsOf(expected);
    assertThat(OffsetEdit.apply(oldText, edits)).isEqualTo(newText);
  }

  @Test
  void should_never_replace_the_whole_text_when_one_line_changes() {
    // given
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      sb.append("line ").append(i).append('\n');
    }
    String old = sb.toString();
    String changed = old.replace("line 250\n", "line two hundred fifty\n");

    // when
    List<OffsetEdit> edits = MinimalDiff.compute(old, changed);

    // then
    assertThat(edits).hasSize(1);
    assertThat(edits.get(0).end() - edits.get(0).start()).isLessThanOrEqualTo(3);
  }

  @Test
  void should_reproduce_the_new_text_for_random_edits() {
    // given
    Random random = new Random(42);
    String[] vocabulary = {"a", "b", "foo", "bar(x)", "  return y;", "}", "{", "", "é", "😀"};
    for (int round = 0; round < 2000; round++) {
      List<String> lines = new ArrayList<>();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        lines.add(vocabulary[random.nextInt(vocabulary.length)]);
      }
      List<String> mutated = new ArrayList<>(lines);
      int mutations = random.nextInt(5);
      for (int m = 0; m < mutations; m++) {
        int op = random.nextInt(3);
        if (op == 0 || mutated.isEmpty()) {
          mutated.add(
              random.nextInt(mutated.size() + 1), vocabulary[random.nextInt(vocabulary.length)]);
        } else if (op == 1) {
          mutated.remove(random.nextInt(mutated.size()));
        } else {
          int at = random.nextInt(mutated.size());
          mutated.set(at, mutated.get(at) + vocabulary[random.nextInt(vocabulary.length)]);
        }
      }
      String sep = random.nextBoolean() ? "\n" : "\r\n";
      String old = String.join(sep, lines) + (random.nextBoolean() ? sep : "");
      String neu = String.join(sep, mutated) + (random.nextBoolean() ? sep : "");

      // when
      List<OffsetEdit> edits = MinimalDiff.compute(old, neu);

      // then
      assertThat(OffsetEdit.apply(old, edits))
          .as("round %d: %s -> %s", round, old, neu)
          .isEqualTo(neu);
      for (int i = 1; i < edits.size(); i++) {
        assertThat(edits.get(i).start()).isGreaterThanOrEqualTo(edits.get(i - 1).end());
      }
      for (OffsetEdit e : edits) {
        assertThat(e.start() >= old.length() || !Character.isLowSurrogate(old.charAt(e.start())))
            .isTrue();
      }
    }
  }
}

package dev.codeloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  private static String lines(int from, int to) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(i -> "line " + i + "\n")
        .collect(Collectors.joining());
  }

  @Test
  void should_print_one_hunk_with_three_lines_of_context() {
    // given
    String before = lines(1, 10);
    String after = before.replace("line 5\n", "line five\n");

    // when
    String diff = UnifiedDiff.of("a/f.txt", "b/f.txt", before, after);

    // then: what diff -u prints
    assertThat(diff)
        .isEqualTo(
            """
            --- a/f.txt
            +++ b/f.txt
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8
            """);
  }

  @Test
  void should_split_distant_changes_into_two_hunks() {
    // given
    String before = lines(1, 30);
    String after = before.replace("line 3\n", "").replace("line 25\n", "line 25\nadded\n");

    // when
    String diff = UnifiedDiff.of("a/f", "b/f", before, after);

    // then
    assertThat(diff).contains("@@ -1,6 +1,5 @@\n").contains("@@ -23,6 +22,7 @@\n");
    assertThat(diff.lines().filter(l -> l.startsWith("@@")).count()).isEqualTo(2);
  }

  @Test
  void should_diff_a_new_file_against_nothing_and_equal_texts_as_empty() {
    assertThat(UnifiedDiff.of("/dev/null", "b/n", "", "a\nb\n"))
        .isEqualTo("--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    assertThat(UnifiedDiff.of("a", "b", "same\n", "same\n")).isEmpty();
  }
}

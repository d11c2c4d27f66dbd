package dev.codeloop.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EditReplyTest {
  private static final String OLD = "a\nb\nc\nd\n";
  private static final Map<String, String> FILES = Map.of("src/A.java", OLD);

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("path line", "src/A.java\n```java\nx\n```\n"),
        Arguments.of("bold path", "Here:\n\n**src/A.java**\n```java\nx\n```\n"),
        Arguments.of("File: prefix", "File: `src/A.java`\n```\nx\n```"),
        Arguments.of("info string", "```java src/A.java\nx\n```"),
        Arguments.of("info colon", "```java:src/A.java\nx\n```"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void should_read_a_whole_file_in_a_fenced_block(String name, String reply) {
    // when
    EditReply.Result r = EditReply.parse(reply, p -> Optional.ofNullable(FILES.get(p)));

    // then
    assertThat(r.error()).isNull();
    assertThat(r.changes()).containsExactly(new EditReply.Change("src/A.java", "x\n"));
  }

  @org.junit.jupiter.api.Test
  void should_apply_a_unified_diff_with_its_context_checked() {
    String reply = "```diff\n--- a/src/A.java\n+++ b/src/A.java\n@@ -2,2 +2,2 @@\n b\n-c\n+C\n```";
    EditReply.Result r = EditReply.parse(reply, p -> Optional.ofNullable(FILES.get(p)));
    assertThat(r.changes()).containsExactly(new EditReply.Change("src/A.java", "a\nb\nC\nd\n"));
  }

  @org.junit.jupiter.api.Test
  void should_apply_search_replace_blocks() {
    String reply = "src/A.java\n<<<<<<< SEARCH\nb\nc\n=======\nB\n>>>>>>> REPLACE\n";
    EditReply.Result r = EditReply.parse(reply, p -> Optional.ofNullable(FILES.get(p)));
    assertThat(r.changes()).containsExactly(new EditReply.Change("src/A.java", "a\nB\nd\n"));
  }

  static Stream<Arguments> mismatches() {
    return Stream.of(
        Arguments.of("diff", "--- a/src/A.java\n+++ b/src/A.java\n@@ -2,2 +2,2 @@\n b\n-zz\n+C\n"),
        Arguments.of("search", "src/A.java\n<<<<<<< SEARCH\nzz\n=======\nB\n>>>>>>> REPLACE\n"),
        Arguments.of("no path", "```java\nx\n```"),
        Arguments.of("prose", "I think you should change c to C."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mismatches")
  void should_answer_an_error_and_no_change_when_nothing_applies(String name, String reply) {
    EditReply.Result r = EditReply.parse(reply, p -> Optional.ofNullable(FILES.get(p)));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).startsWith("the reply held no edit in a shape I can apply");
    assertThat(r.changes()).isEmpty();
  }
}

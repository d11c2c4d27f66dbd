package dev.codeloop.completion.post;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.CursorContext;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostProcessorTest {
  private final PostProcessor post = new PostProcessor();

  /**
   * language, text with | at the cursor, raw model answer, expected insertion ("<none>" = dropped).
   */
  static Stream<Arguments> table() {
    return Stream.of(
        // Java
        Arguments.of("java", "int x = fo|", "o(1);", "o(1);"),
        Arguments.of("java", "foo(|)", "a, b)", "a, b"),
        Arguments.of("java", "foo(|);", "a, b);", "a, b"),
        Arguments.of("java", "foo(bar(|), 2);", "x)), 2);", "x"),
        Arguments.of("java", "  int total = |", "  int total = sum(a);", "sum(a);"),
        Arguments.of("java", "String s = |", "\"a\";\nint y = 2;", "\"a\";"),
        Arguments.of(
            "java", "class A {\n  void f() {|\n  }\n}", "\n    run();\n  }\n}", "\n    run();"),
        Arguments.of(
            "java",
            "class A {\n  void f() {|\n  }\n}",
            "\nrun();\nstop();\n}",
            "\n    run();\n    stop();"),
        Arguments.of(
            "java", "void f() {\n    |\n}", "a();\n    b();\n}\nvoid g() {}", "a();\n    b();"),
        Arguments.of("java", "int x = |", "   \n  ", "<none>"),
        Arguments.of("java", "int x = |", "", "<none>"),
        Arguments.of("java", "void f() {|\n}", "\n  x++;\n  x++;\n  x++;", "<none>"),
        Arguments.of("java", "if (a) {|\n}", "\n\tgo();\n}", "\n\tgo();"),
        Arguments.of("java", "  if (a) {|\n  }", "\ngo();\n}", "\n    go();"),
        Arguments.of("java", "char c = |", "')';", "')';"),
        Arguments.of("java", "s = |", "\"(\" + x;", "\"(\" + x;"),
        // Python
        Arguments.of(
            "python", "def f(x):|\n", "\n    return x\n\ndef g():\n    pass", "\n    return x"),
        Arguments.of("python", "def f(x):|", "\nreturn x * 2", "\n    return x * 2"),
        Arguments.of("python", "print(|)", "\"hi\")", "\"hi\""),
        Arguments.of(
            "python",
            "class A:\n    def f(self):\n        |\n\nx = 1",
            "return 1\n    def g(self):",
            "return 1"),
        // JavaScript / TypeScript
        Arguments.of("javascript", "const xs = [|];", "1, 2, 3];", "1, 2, 3"),
        Arguments.of(
            "typescript",
            "function add(a: number, b: number) {|\n}",
            "\n  return a + b;\n}\n",
            "\n  return a + b;"),
        Arguments.of("typescript", "const o = { a: |", "1, b: 2 };", "1, b: 2 };"),
        Arguments.of("javascript", "items.map(x => |)", "x * 2)", "x * 2"),
        // Go
        Arguments.of(
            "go", "func main() {|\n}", "\n\tfmt.Println(\"hi\")\n}", "\n\tfmt.Println(\"hi\")"),
        Arguments.of("go", "if err != nil {|\n}", "\n\treturn err\n}", "\n\treturn err"),
        Arguments.of("go", "x := compute(|)", "a, b)", "a, b"),
        // Rust
        Arguments.of(
            "rust", "fn main() {|\n}", "\n    println!(\"hi\");\n}", "\n    println!(\"hi\");"),
        Arguments.of("rust", "let v = vec![|];", "1, 2];", "1, 2"),
        Arguments.of("rust", "let s = String::fr|", "let s = String::from(\"a\");", "om(\"a\");"));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @MethodSource("table")
  void should_clean_model_answer(
      String language, String textWithCursor, String raw, String expected) {
    // given
    int bar = textWithCursor.indexOf('|');
    String text = textWithCursor.substring(0, bar) + textWithCursor.substring(bar + 1);
    CursorContext ctx = CursorContext.at(text, bar, language);

    // when
    Optional<String> out = post.process(raw, ctx, 12);

    // then
    assertThat(out.orElse("<none>")).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("truncation")
  void should_truncate_to_max_lines(int maxLines, String expected) {
    // given
    CursorContext ctx = CursorContext.at("void f() {\n}", 10, "java");

    // when
    Optional<String> out = post.process("\n    a();\n    b();\n    c();", ctx, maxLines);

    // then
    assertThat(out).contains(expected);
  }

  static Stream<Arguments> truncation() {
    return Stream.of(Arguments.of(2, "\n    a();"), Arguments.of(3, "\n    a();\n    b();"));
  }

  @org.junit.jupiter.api.Test
  void should_deduplicate_candidates_in_order() {
    // given
    CursorContext ctx = CursorContext.at("int x = ", 8, "java");

    // when
    List<String> out = post.processAll(List.of("1;", "2;  ", "1;", "", "2;"), ctx, 12);

    // then
    assertThat(out).containsExactly("1;", "2;");
  }
}

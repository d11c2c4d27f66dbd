package dev.codeloop.completion.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.CursorContext.Block;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CursorContextTest {

  static Stream<Arguments> blocks() {
    return Stream.of(
        Arguments.of("java", "void f() {|", Block.OPENER_AT_LINE_END),
        Arguments.of("java", "void f() {|}", Block.OPENER_AT_LINE_END),
        Arguments.of("java", "void f() {|\n}", Block.OPENER_AT_LINE_END),
        Arguments.of("java", "void f() {|\n  run();\n}", Block.NONE),
        Arguments.of("java", "void f() {\n  |\n}", Block.EMPTY_BODY),
        Arguments.of("java", "void f() {\n  a();\n  |\n}", Block.NONE),
        Arguments.of("java", "int x = fo|o;", Block.NONE),
        Arguments.of("java", "foo(|)", Block.NONE),
        Arguments.of("python", "def f():|", Block.OPENER_AT_LINE_END),
        Arguments.of("python", "def f():\n    |", Block.EMPTY_BODY),
        Arguments.of("python", "x = {'a':|", Block.NONE),
        Arguments.of("javascript", "const o = {a:|", Block.NONE),
        Arguments.of("go", "if err != nil {|\n}", Block.OPENER_AT_LINE_END),
        Arguments.of("rust", "fn main() { // start|\n}", Block.OPENER_AT_LINE_END));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("blocks")
  void should_decide_single_or_multi_line_from_syntax(
      String language, String textWithCursor, Block expected) {
    // given
    int bar = textWithCursor.indexOf('|');
    String text = textWithCursor.substring(0, bar) + textWithCursor.substring(bar + 1);

    // when
    CursorContext ctx = CursorContext.at(text, bar, language);

    // then
    assertThat(ctx.block()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void should_guess_indent_unit_from_lines_above() {
    // given
    String text = "class A {\n  int a;\n  void f() {\n    x();\n  }\n  ";

    // when
    CursorContext ctx = CursorContext.at(text, text.length(), "java");

    // then
    assertThat(ctx.indentUnit()).isEqualTo("  ");
    assertThat(ctx.wordPrefix()).isEmpty();
  }
}

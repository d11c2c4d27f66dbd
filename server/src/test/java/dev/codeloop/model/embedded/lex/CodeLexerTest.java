package dev.codeloop.model.embedded.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodeLexerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            Language.JAVA,
            "int x = a >>> 2; // hi",
            List.of("int", "x", "=", "a", ">>>", "2", ";")),
        Arguments.of(
            Language.JAVA,
            "s.append(\"a\\\"b\").append('c');",
            List.of("s", ".", "append", "(", "<str>", ")", ".", "append", "(", "<chr>", ")", ";")),
        Arguments.of(
            Language.JAVA,
            "/* x\n y */ @Override void f() {}",
            List.of("@", "Override", "void", "f", "(", ")", "{", "}")),
        Arguments.of(
            Language.JAVA,
            "String t = \"\"\"\n  a\n  \"\"\"; double d = 1.5e-3;",
            List.of("String", "t", "=", "<str>", ";", "double", "d", "=", "1.5e-3", ";")),
        Arguments.of(
            Language.PYTHON,
            "def f(x): # c\n    return x ** 2 // 3",
            List.of("def", "f", "(", "x", ")", ":", "return", "x", "**", "2", "//", "3")),
        Arguments.of(
            Language.PYTHON,
            "s = f'{x}' + r\"\\d\" + '''doc\n'''",
            List.of("s", "=", "<str>", "+", "<str>", "+", "<str>")),
        Arguments.of(
            Language.JAVASCRIPT,
            "const a = b?.c ?? `t${x}`; x === y",
            List.of("const", "a", "=", "b", "?.", "c", "??", "<str>", ";", "x", "===", "y")),
        Arguments.of(
            Language.GO,
            "x := <-ch // c\nfmt.Println(`raw`)",
            List.of("x", ":=", "<-", "ch", "fmt", ".", "Println", "(", "<str>", ")")),
        Arguments.of(
            Language.RUST,
            "fn f<'a>(s: &'a str) { println!(\"{}\", 'c'); }",
            List.of(
                "fn",
                "f",
                "<",
                "'a",
                ">",
                "(",
                "s",
                ":",
                "&",
                "'a",
                "str",
                ")",
                "{",
                "println!",
                "(",
                "<str>",
                ",",
                "<chr>",
                ")",
                ";",
                "}")),
        Arguments.of(
            Language.C,
            "#include <stdio.h>\nint *p = &x; p->y++;",
            List.of(
                "#", "include", "<", "stdio", ".", "h", ">", "int", "*", "p", "=", "&", "x", ";",
                "p", "->", "y", "++", ";")),
        Arguments.of(
            Language.GENERIC,
            "val x = 1 # note\nlet y",
            List.of("val", "x", "=", "1", "let", "y")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void should_produce_model_tokens_when_lexing_each_language(
      Language language, String src, List<String> expected) {
    // given
    CodeLexer lexer = new CodeLexer(language);

    // when
    List<String> tokens = lexer.significantTokens(src).stream().map(Token::modelText).toList();

    // then
    assertThat(tokens).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void should_keep_every_character_when_tokenizing(
      Language language, String src, List<String> ignored) {
    // given
    CodeLexer lexer = new CodeLexer(language);

    // when
    String joined = String.join("", lexer.tokenize(src).stream().map(Token::text).toList());

    // then
    assertThat(joined).isEqualTo(src);
  }

  @org.junit.jupiter.api.Test
  void should_keep_every_character_of_line_breaks_space_runs_and_non_ascii_characters() {
    // given: CRLF and lone CR breaks, space runs short and longer than 64, tabs, one-character
    // tokens inside and outside ASCII
    String src =
        "class A {\r\n"
            + " ".repeat(70)
            + "int é = 1;\r"
            + "    \t  x = y\u00a0+ z; // ü\n"
            + "\t\tq = \"\u2014\";\r\n";

    // when
    List<Token> tokens = new CodeLexer(Language.JAVA).tokenize(src);

    // then
    assertThat(String.join("", tokens.stream().map(Token::text).toList())).isEqualTo(src);
    assertThat(tokens).extracting(Token::text).contains("\r\n", "\r", " ".repeat(70), "é", "{");
  }

  @org.junit.jupiter.api.Test
  void should_emit_newline_and_indent_tokens_with_line_numbers() {
    // given
    CodeLexer lexer = new CodeLexer(Language.PYTHON);

    // when
    List<Token> tokens = lexer.tokenize("if x:\n    y = 1\n");

    // then
    assertThat(tokens).extracting(Token::kind).contains(TokenKind.NEWLINE, TokenKind.INDENT);
    assertThat(tokens.stream().filter(t -> t.text().equals("y")).findFirst().orElseThrow().line())
        .isEqualTo(1);
  }
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringLiteralsTest {

  private static StringLiterals of(Language language, String text) {
    return StringLiterals.of(new CodeLexer(language).significantTokens(text));
  }

  @Test
  void should_choose_the_literal_the_file_puts_twice_after_the_same_two_tokens() {
    // given
    StringLiterals literals =
        of(
            Language.PYTHON,
            "with open(a, encoding='utf-8') as f:\n    pass\n"
                + "with open(b, 'w', encoding='utf-8') as g:\n    pass\n");

    // when / then
    assertThat(literals.after("encoding", "=")).isEqualTo("'utf-8'");
    assertThat(literals.after(",", "=")).isNull();
    assertThat(literals.after(null, "=")).isNull();
  }

  @Test
  void should_choose_nothing_after_a_pair_seen_once() {
    assertThat(
            of(Language.JAVA, "String h = System.getProperty(\"user.home\");")
                .after("getProperty", "("))
        .isNull();
  }

  @Test
  void should_choose_nothing_where_the_literals_after_a_pair_differ() {
    // given: two of three the same is under four in five
    StringLiterals literals =
        of(
            Language.JAVA,
            "a = get(\"x\"); b = get(\"x\"); c = get(\"y\");\n"
                + "d = put(\"k\"); e = put(\"k\"); f = put(\"k\"); g = put(\"k\"); h = put(\"m\");");

    // when / then: four of five are
    assertThat(literals.after("get", "(")).isNull();
    assertThat(literals.after("put", "(")).isEqualTo("\"k\"");
  }

  @Test
  void should_never_choose_a_literal_over_several_lines_or_too_long() {
    String longOne = "\"" + "x".repeat(StringLiterals.MAX_LENGTH) + "\"";
    StringLiterals literals =
        of(
            Language.PYTHON,
            "a = f('''one\ntwo''')\nb = f('''one\ntwo''')\nc = g("
                + longOne
                + ")\nd = g("
                + longOne
                + ")\n");

    assertThat(literals.after("f", "(")).isNull();
    assertThat(literals.after("g", "(")).isNull();
  }

  @Test
  void should_finish_a_string_begun_as_the_file_wrote_it_after_the_same_two_tokens() {
    // given
    List<Token> before =
        new CodeLexer(Language.PYTHON)
            .significantTokens(
                "a = d['database_url']\nb = d['debug']\nc = d['database_url']\ne = f('da')\nx = d[");

    // when / then: the typed characters choose among the literals after d [
    assertThat(StringLiterals.rest(before, "'da")).isEqualTo("tabase_url'");
    // seen once: not yet
    assertThat(StringLiterals.rest(before, "'de")).isNull();
    // two literals begin 'd: database_url two in three of them, not four in five
    assertThat(StringLiterals.rest(before, "'d")).isNull();
    // no literal after d [ begins 'x; a closed literal is no string begun
    assertThat(StringLiterals.rest(before, "'x")).isNull();
    assertThat(StringLiterals.rest(before, "'da'")).isNull();
  }

  @Test
  void should_tell_an_open_string_from_a_closed_one() {
    assertThat(StringLiterals.openQuote("'ab")).isEqualTo("'");
    assertThat(StringLiterals.openQuote("f\"{a}")).isEqualTo("\"");
    assertThat(StringLiterals.openQuote("'''doc")).isEqualTo("'''");
    assertThat(StringLiterals.openQuote("'it\\'")).isEqualTo("'"); // its quote escaped
    assertThat(StringLiterals.openQuote("'ab'")).isNull();
    assertThat(StringLiterals.openQuote("'a\\\\'"))
        .isNull(); // an escaped backslash, then the quote
    assertThat(StringLiterals.openQuote("'")).isEqualTo("'");
    assertThat(StringLiterals.openQuote("abc")).isNull();
  }
}

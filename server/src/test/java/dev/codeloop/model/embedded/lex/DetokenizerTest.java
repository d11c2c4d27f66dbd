package dev.codeloop.model.embedded.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetokenizerTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of(Language.JAVA, "foo(a, b) {"),
        Arguments.of(Language.JAVA, "if (x == null) {"),
        Arguments.of(Language.JAVA, "List<String> names = new ArrayList<>();"),
        Arguments.of(Language.JAVA, "Map<String, List<Integer>> m = Map.of();"),
        Arguments.of(Language.JAVA, "for (int i = 0; i < n; i++) {"),
        Arguments.of(Language.JAVA, "return -x + y[i] * 2;"),
        Arguments.of(Language.JAVA, "@Override"),
        Arguments.of(Language.JAVA, "String[] args = new String[10];"),
        Arguments.of(Language.JAVA, "list.forEach(x -> builder.append(x));"),
        Arguments.of(Language.JAVA, "return a ? b : c;"),
        Arguments.of(Language.PYTHON, "def f(self, x):"),
        Arguments.of(Language.PYTHON, "return [x for x in xs if not x]"),
        Arguments.of(Language.GO, "x := f(a, b)"),
        Arguments.of(Language.RUST, "let v: Vec<u8> = Vec::new();"),
        Arguments.of(Language.JAVASCRIPT, "const x = await fetch(url);"));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void should_render_tokens_back_to_the_canonical_source(Language language, String source) {
    // given
    List<String> tokens =
        new CodeLexer(language).significantTokens(source).stream().map(Token::text).toList();

    // when
    String rendered = new Detokenizer(language).renderLine(tokens);

    // then
    assertThat(rendered).isEqualTo(source);
  }
}

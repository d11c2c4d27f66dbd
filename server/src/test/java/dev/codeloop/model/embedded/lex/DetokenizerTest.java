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
        Arguments.of(Language.PYTHON, "json.dumps(obj, sort_keys=True, indent=2)"),
        Arguments.of(Language.PYTHON, "def f(self, x=None, *, key: str = 'a', **kw) -> int:"),
        Arguments.of(Language.PYTHON, "x = sorted(d.items(), key=lambda kv: kv[1], reverse=True)"),
        Arguments.of(Language.PYTHON, "y = {'a': f(b=1)}[k] if n == 2 else g(c=(d, e))"),
        Arguments.of(Language.PYTHON, "y = a if b else -c"),
        Arguments.of(Language.PYTHON, "s = t[1:-1] + t[:n] + t[::2]"),
        Arguments.of(Language.PYTHON, "key = lambda x=1: x - 1"),
        Arguments.of(Language.PYTHON, "return self - 1"),
        Arguments.of(Language.JAVA, "case -1:"),
        Arguments.of(Language.JAVA, "case RED, GREEN -> x ? a : b;"),
        Arguments.of(Language.JAVA, "default:"),
        Arguments.of(Language.JAVA, "for (String s : names) {"),
        Arguments.of(Language.JAVA, "public static <T extends Comparable<T>> T max(List<T> xs) {"),
        Arguments.of(Language.JAVA, "if (a < b && c > d) {"),
        Arguments.of(Language.JAVA, "if (MAX_SIZE < n) {"),
        Arguments.of(Language.JAVA, "int[][] a = new int[][] {{1, 2}, {3}};"),
        Arguments.of(Language.JAVA, "@Target({ElementType.TYPE, ElementType.METHOD})"),
        Arguments.of(Language.JAVA, "Runnable r = () -> { run(); };"),
        Arguments.of(Language.GO, "x := f(a, b)"),
        Arguments.of(Language.GO, "x := []int{1, 2, 3}"),
        Arguments.of(Language.GO, "m := map[string]int{}"),
        Arguments.of(Language.GO, "p := &Point{X: 1}"),
        Arguments.of(Language.GO, "for _, v := range items {"),
        Arguments.of(Language.GO, "if err != nil {"),
        Arguments.of(
            Language.GO, "func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {"),
        Arguments.of(Language.GO, "func New() *Server {"),
        Arguments.of(Language.GO, "f := func(x int) int { return x * 2 }"),
        Arguments.of(Language.GO, "go func() {"),
        Arguments.of(Language.GO, "items := []*Item{}"),
        Arguments.of(Language.GO, "n := a * b"),
        Arguments.of(Language.RUST, "fn main() -> Result<(), Error> {"),
        Arguments.of(Language.RUST, "impl<T: Clone> Foo<T> {"),
        Arguments.of(Language.RUST, "fn first<T>(xs: &[T]) -> Option<&T> {"),
        Arguments.of(Language.C, "#include <stdio.h>"),
        Arguments.of(Language.C, "p->next = NULL;"),
        Arguments.of(Language.C, "int a[] = {1, 2};"),
        Arguments.of(Language.JAVASCRIPT, "const o = { a: 1, ...rest };"),
        Arguments.of(Language.JAVASCRIPT, "f(...args);"),
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

  static Stream<Arguments> continuations() {
    return Stream.of(
        // a keyword argument's value, the call opened lines before
        Arguments.of(Language.PYTHON, "g.flatten(self,\n    unixfrom=", "unixfrom)", "unixfrom)"),
        // the value after an annotated parameter's default keeps its spaces
        Arguments.of(Language.PYTHON, "def f(self, x: int =", "3):", " 3):"),
        // an assignment's value, outside any bracket
        Arguments.of(Language.PYTHON, "x =", "f(a=1)", " f(a=1)"),
        // an argument's name, then its = and value
        Arguments.of(Language.PYTHON, "open(path,", "mode='r')", " mode='r')"),
        // a comparison inside a call keeps its spaces
        Arguments.of(Language.PYTHON, "f(a ==", "b)", " b)"),
        // the call closed: what follows is an assignment again
        Arguments.of(Language.PYTHON, "f(a=1)\nx", "= 2", " = 2"),
        Arguments.of(Language.JAVA, "Map<String,", "List<Integer>> m", " List<Integer>> m"),
        Arguments.of(Language.JAVA, "List<String", "> names", "> names"));
  }

  @ParameterizedTest
  @MethodSource("continuations")
  void should_space_a_continuation_by_the_brackets_open_before_it(
      Language language, String before, String after, String expected) {
    // given
    CodeLexer lexer = new CodeLexer(language);
    List<String> lead = lexer.significantTokens(before).stream().map(Token::text).toList();
    List<String> tokens = lexer.significantTokens(after).stream().map(Token::text).toList();

    // when
    String rendered = new Detokenizer(language).continueLine(lead, tokens, true);

    // then
    assertThat(rendered).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("styles")
  void should_follow_the_spacing_a_file_keeps_to(
      Language language, String file, String before, String after, String expected) {
    // given
    CodeLexer lexer = new CodeLexer(language);
    List<Token> source = lexer.significantTokens(file);
    List<String> lead = lexer.significantTokens(before).stream().map(Token::text).toList();
    List<String> tokens = lexer.significantTokens(after).stream().map(Token::text).toList();

    // when
    String rendered = new Detokenizer(language).following(source).continueLine(lead, tokens, true);

    // then
    assertThat(rendered).isEqualTo(expected);
  }

  static Stream<Arguments> styles() {
    String casts = "a = (int)b;\nc = (long)d;\ne = (char)f;\n";
    String loops = "for (int i=0; i<n; i++) {}\nwhile (j<m) {}\nif (k<3) {}\n";
    return Stream.of(
        // three casts without a space: a cast's value follows the file
        Arguments.of(Language.JAVA, casts, "x = (Row)", "row", "row"),
        // without the file, the default
        Arguments.of(Language.JAVA, "", "x = (Row)", "row", " row"),
        // two casts are not a style yet
        Arguments.of(Language.JAVA, "a = (int)b;\nc = (long)d;\n", "x = (Row)", "row", " row"),
        // one spaced cast in three unspaced is not nine in ten: the default
        Arguments.of(Language.JAVA, casts + "g = (byte) h;\n", "x = (Row)", "row", " row"),
        // comparisons written tight, inside the rendered tokens too
        Arguments.of(Language.JAVA, loops, "for (int k = 0; k", "<count; k++)", "<count; k++)"),
        // the file's tight comparisons say nothing of its generics (no space either way)
        Arguments.of(Language.JAVA, loops, "List", "<String> names", "<String> names"),
        // pairs split over two lines do not count
        Arguments.of(
            Language.JAVA,
            "a = (int)\nb;\nc = (int)\nd;\ne = (int)\nf;",
            "x = (Row)",
            "row",
            " row"),
        // Python: a file that spaces its keyword arguments is followed
        Arguments.of(Language.PYTHON, "f(a = 1)\ng(b = 2)\nh(c = 3)\n", "k(d", "= 4)", " = 4)"));
  }

  @ParameterizedTest
  @MethodSource("languages")
  void should_only_ever_add_spaces_between_the_tokens_whatever_the_file_and_the_lead(
      Language language) {
    // given: random texts of code-like characters, lexed as a file, a lead and a continuation
    java.util.Random random = new java.util.Random(42);
    String alphabet = "ab_Z09 ()[]{}<>=+-*/%!?:;,.@&|^~'\"\n\t#$";
    CodeLexer lexer = new CodeLexer(language);
    for (int run = 0; run < 300; run++) {
      List<Token> file = lexer.significantTokens(randomText(random, alphabet, 400));
      List<String> lead = texts(lexer.significantTokens(randomText(random, alphabet, 60)));
      List<String> tokens = texts(lexer.significantTokens(randomText(random, alphabet, 60)));

      // when
      String rendered =
          new Detokenizer(language)
              .following(file)
              .continueLine(lead, tokens, random.nextBoolean());

      // then: the tokens in order, with spaces between some of them and nothing else
      assertThat(rendered.replace(" ", "")).isEqualTo(String.join("", tokens).replace(" ", ""));
    }
  }

  static Stream<Language> languages() {
    return Stream.of(Language.JAVA, Language.PYTHON, Language.GO, Language.RUST, Language.C);
  }

  private static String randomText(java.util.Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static List<String> texts(List<Token> tokens) {
    return tokens.stream().map(Token::text).toList();
  }
}

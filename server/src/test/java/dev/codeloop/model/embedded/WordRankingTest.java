package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordMatch;
import dev.codeloop.model.WordRanker.Origin;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordRankingTest {
  private final EmbeddedCodeModel model =
      EmbeddedCodeModel.builder().executor(Runnable::run).build();

  private List<String> words(String prefix) {
    return words("a.py", "python", prefix);
  }

  private List<String> words(String path, String languageId, String prefix) {
    return model
        .rankWords(new FimRequest(path, languageId, prefix, "", List.of(), false), 40, () -> {})
        .stream()
        .map(RankedWord::word)
        .toList();
  }

  @Test
  void should_never_offer_the_part_of_a_word_that_the_suffix_window_cuts() {
    // the word after the cursor's line spans the suffix window's 2,000th character: cut there, its
    // first part would be a word of the file
    String filler = "x = 1\n".repeat(330); // 1,980 characters
    String suffix = "\n" + filler + "result = stripped_value_of_it + 1\n";
    assertThat(suffix.indexOf("stripped_value")).isLessThan(2_000);
    assertThat(suffix.indexOf("stripped_value") + "stripped_value".length()).isGreaterThan(2_000);
    List<String> got =
        model
            .rankWords(
                new FimRequest("a.py", "python", "y = s", suffix, List.of(), false), 40, () -> {})
            .stream()
            .map(RankedWord::word)
            .toList();
    assertThat(got).noneMatch(w -> w.startsWith("stripped_"));
    // a word that ends before the cut is still offered
    List<String> early =
        model
            .rankWords(
                new FimRequest(
                    "a.py", "python", "y = s", "\nsome_total = 2\n" + suffix, List.of(), false),
                40,
                () -> {})
            .stream()
            .map(RankedWord::word)
            .toList();
    assertThat(early).contains("some_total").noneMatch(w -> w.startsWith("stripped_"));
  }

  @Test
  void should_rank_with_javascripts_own_weights_the_member_a_file_calls_on_a_module_first() {
    String prefix =
        "const fs = require('fs');\nconst path = require('path');\n\nfunction load(dir) {\n"
            + "  const text = fs.readFileSync(path.join(dir, 'a.json'), 'utf8');\n"
            + "  const more = fs.readFileSync(path.join(dir, 'b.json'), 'utf8');\n"
            + "  fs.writeFileSync(path.join(dir, 'c.json'), text + more);\n"
            + "  return fs.r";
    assertThat(words("lib/load.js", "javascript", prefix)).first().isEqualTo("readFileSync");
    assertThat(words("src/load.ts", "typescript", prefix)).first().isEqualTo("readFileSync");
    // after the module's name and a dot: members (the file's two, and path's join) before the
    // file's other words
    assertThat(
            words("lib/load.js", "javascript", prefix.substring(0, prefix.length() - 1))
                .subList(0, 3))
        .containsExactlyInAnyOrder("readFileSync", "writeFileSync", "join");
  }

  @Test
  void should_know_which_words_start_the_files_lines_where_the_typed_word_starts_one() {
    String prefix =
        "def f(self, out, other):\n    out.write(1)\n    out.flush()\n    other = out\n    o";
    String suffix = "ut_count\n    out.close()\n";
    Map<String, double[]> at = features(prefix, suffix);
    // `out` starts two of the prefix's lines and one of the suffix's (not the cursor's rest)
    // among its 5 uses in the window
    assertThat(at.get("out")[WordReranker.LINE_START_SHARE]).isEqualTo(Math.log(3.5 / 6.0));
    assertThat(at.get("other")[WordReranker.PREVIOUS_LINE_START]).isEqualTo(1.0);
    assertThat(at.get("other")[WordReranker.LINE_START_SHARE]).isEqualTo(Math.log(1.5 / 3.0));
    assertThat(at.get("out")[WordReranker.PREVIOUS_LINE_START]).isZero();
    // not at a line's start: neither feature is set
    Map<String, double[]> inside = features("def f(self, out):\n    x = o", "");
    assertThat(inside.get("out")[WordReranker.LINE_START_SHARE]).isZero();
  }

  private Map<String, double[]> features(String prefix, String suffix) {
    Map<String, double[]> out = new HashMap<>();
    for (WordReranker.Candidate c :
        model.wordCandidates(
            new FimRequest("a.py", "python", prefix, suffix, List.of(), false), () -> {})) {
      out.put(c.word(), c.features());
    }
    return out;
  }

  @Test
  void should_cut_the_suffix_window_at_a_line_else_between_words() {
    String lines = "ab\n".repeat(700); // a line break at every third character
    assertThat(EmbeddedPredictor.suffixWindow(lines)).hasSize(2_001).endsWith("\n");
    String oneLine = "word ".repeat(500); // 2,500 characters, no line break
    String cut = EmbeddedPredictor.suffixWindow(oneLine);
    assertThat(cut).hasSizeLessThanOrEqualTo(2_000).endsWith(" ");
    assertThat(EmbeddedPredictor.suffixWindow("short")).isEqualTo("short");
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

  /** How many times likelier the menu finds {@code a} than {@code b} after {@code prefix}. */
  private double odds(String prefix, String a, String b) {
    List<RankedWord> got =
        model.rankWords(
            new FimRequest("a.py", "python", prefix, "", List.of(), false), 40, () -> {});
    double pa =
        got.stream().filter(w -> w.word().equals(a)).findFirst().orElseThrow().probability();
    double pb =
        got.stream().filter(w -> w.word().equals(b)).findFirst().orElseThrow().probability();
    return pa / pb;
  }

  @Test
  void should_rank_a_name_made_of_the_lines_own_words_first() {
    // a parameter named after its setter: concurrency, not count, though the workspace used both
    // as often, in the same places, and the file as recently
    model.updateDocument(
        "file:///w/b.py",
        "python",
        "def f(concurrency):\n    return concurrency\ndef g(count):\n    return count\n"
            .repeat(50));
    String setter = "class Pool:\n    total = count + concurrency\n    def set_concurrency(self, c";
    List<String> got = words(setter);
    assertThat(got).contains("concurrency", "count");
    assertThat(got.get(0)).isEqualTo("concurrency");
    // without the setter's name on the line, the two are close: the name made the difference
    String plain = "class Pool:\n    total = concurrency + count\n    def clear(self, c";
    assertThat(odds(setter, "concurrency", "count"))
        .isGreaterThan(2.5 * odds(plain, "concurrency", "count"));
  }

  private List<String> javaWords(String prefix) {
    return words("B.java", "java", prefix);
  }

  @Test
  void should_rank_first_the_members_of_the_receivers_declared_type() {
    // the workspace walks lists with iterator three times as often as it searches strings with
    // indexOf; the receivers below are names it never used, so only their types tell
    model.updateDocument(
        "file:///w/A.java",
        "java",
        ("class A {\n  int f(String text, List<String> items) {\n"
                + "    Iterator<String> it = items.iterator();\n"
                + "    it = items.iterator();\n"
                + "    it = items.iterator();\n"
                + "    return text.indexOf('x');\n  }\n}\n")
            .repeat(30));
    assertThat(javaWords("class B {\n  int g(String name) {\n    return name.i").get(0))
        .isEqualTo("indexOf");
    assertThat(javaWords("class B {\n  void g(List<String> names) {\n    var x = names.i").get(0))
        .isEqualTo("iterator");
    // a field declared after the cursor, a method's result
    assertThat(javaWords("class B {\n  int g() {\n    return label.i").subList(0, 1))
        .isEqualTo(List.of("iterator")); // not declared anywhere: the workspace's habit
    model.updateDocument(
        "file:///w/C.java", "java", "class C {\n  String label() { return null; }\n}\n");
    assertThat(javaWords("class D {\n  int g(C c) {\n    return c.label().i").get(0))
        .isEqualTo("indexOf");
  }

  @Test
  void should_rank_a_name_called_before_its_definition_first_where_a_method_is_declared() {
    // self is the file's most used and most recent word, but a method cannot be named self
    List<String> got =
        words(
            "class Timer:\n    def __init__(self):\n        self.count = 0\n"
                + "        self.start_timer()\n        self.stop_timer()\n\n    def s");
    assertThat(got.get(0)).isIn("start_timer", "stop_timer");
    assertThat(got).doesNotContain("self");
    // elsewhere self is offered as usual
    assertThat(words("class Timer:\n    def f(self):\n        return s")).contains("self");
  }

  @Test
  void should_tell_where_a_name_is_being_declared() {
    java.util.function.BiPredicate<Language, String> declaring =
        (language, text) ->
            WordRanking.declaring(language, new CodeLexer(language).significantTokens(text));
    assertThat(declaring.test(Language.PYTHON, "class A:\n    def ")).isTrue();
    assertThat(declaring.test(Language.PYTHON, "class ")).isTrue();
    assertThat(declaring.test(Language.PYTHON, "x = y\n")).isFalse();
    assertThat(declaring.test(Language.PYTHON, "x = Foo")).isFalse(); // no types before names
    assertThat(declaring.test(Language.JAVA, "void f() {\n    String ")).isTrue();
    assertThat(declaring.test(Language.JAVA, "    Map<String, List<Integer>> ")).isTrue();
    assertThat(declaring.test(Language.JAVA, "    int[] ")).isTrue();
    assertThat(declaring.test(Language.JAVA, "    } catch (IOException ")).isTrue();
    assertThat(declaring.test(Language.JAVA, "    if (a > ")).isFalse(); // a comparison
    assertThat(declaring.test(Language.JAVA, "    if (size() > ")).isFalse();
    assertThat(declaring.test(Language.JAVA, "    return new Foo")).isFalse();
    assertThat(declaring.test(Language.JAVA, "    x = Foo.")).isFalse();
    assertThat(declaring.test(Language.JAVA, "  @Override ")).isFalse();
    assertThat(declaring.test(Language.JAVA, "    return ")).isFalse();
    assertThat(declaring.test(Language.JAVA, "class A extends Base ")).isFalse(); // implements
    assertThat(declaring.test(Language.JAVA, "    x = Foo.class")).isFalse();
  }

  @Test
  void should_tell_where_a_value_must_come_on_the_cursors_line() {
    java.util.function.BiPredicate<Language, String> operand =
        (language, text) -> {
          List<Token> tokens = new CodeLexer(language).significantTokens(text);
          return WordRanking.expectsOperand(language, tokens, text.lastIndexOf('\n') + 1);
        };
    assertThat(operand.test(Language.PYTHON, "def f(n):\n    x = ")).isTrue();
    assertThat(operand.test(Language.PYTHON, "    return ")).isTrue();
    assertThat(operand.test(Language.PYTHON, "    g(a, ")).isTrue();
    assertThat(operand.test(Language.PYTHON, "    except E as ")).isTrue();
    assertThat(operand.test(Language.PYTHON, "    y = x if ")).isTrue();
    assertThat(operand.test(Language.PYTHON, "    y = x "))
        .isFalse(); // `if`, `for`, `in` come here
    assertThat(operand.test(Language.PYTHON, "    if x:\n        return\n    ")).isFalse();
    assertThat(operand.test(Language.PYTHON, "    if x: ")).isFalse(); // a statement may follow
    assertThat(operand.test(Language.JAVA, "    int n = ")).isTrue();
    assertThat(operand.test(Language.JAVA, "    if (a == ")).isTrue();
    assertThat(operand.test(Language.JAVA, "    return ")).isTrue();
    assertThat(operand.test(Language.JAVA, "    void f(")).isFalse(); // parameters: `int x`
    assertThat(operand.test(Language.JAVA, "    List<")).isFalse();
    assertThat(operand.test(Language.JAVA, "    case A -> ")).isFalse(); // `throw` comes here
    assertThat(operand.test(Language.JAVASCRIPT, "  const x = ")).isFalse(); // not known here
  }

  @Test
  void should_offer_no_statement_keyword_where_a_value_must_come() {
    String py = "import os\n\ndef f(items, index):\n    if index in items:\n        return index\n";
    // a value after `=`: `if`, `import`, `in`, `is` cannot come; a name and `not` can
    List<String> value = words(py + "    found = i");
    assertThat(value).contains("index", "items").doesNotContain("if", "import", "in", "is");
    assertThat(words(py + "    found = n")).contains("not");
    assertThat(words(py + "    found = index not i")).contains("in");
    // at a statement's start, and after a value, they can
    assertThat(words(py + "    i")).contains("if", "import");
    assertThat(words(py + "    found = index i")).contains("if", "in", "is");
    // after a bare `return` ending the line above, a statement starts, and the block may go on
    assertThat(words(py + "    if index:\n        return\n    e")).contains("else");
    // but a block's first statement, or one after a statement at the same depth, never continues
    assertThat(words(py + "    if index:\n        e")).doesNotContain("else", "elif", "except");
    assertThat(words(py + "    found = index\n    e")).doesNotContain("else", "elif");
    assertThat(words(py + "    if index: found = index\n    e")).contains("else", "elif");
    assertThat(words(py + "    try:\n        found = index\n    f")).contains("finally");

    String java = "class A {\n  int f(byte[] buf, int index) {\n    int b = 0;\n";
    // a class literal (`int.class`) and a contextual keyword used as a name stay
    assertThat(words("A.java", "java", java + "    if (b == i"))
        .contains("index", "int")
        .doesNotContain("if", "import", "interface", "implements", "instanceof");
    assertThat(words("A.java", "java", java + "    Object o = n")).contains("new", "null");
    assertThat(words("A.java", "java", java + "    Object o = r")).contains("record");
    assertThat(words("A.java", "java", java + "    i")).contains("if", "index");
    // a block's continuations only where a block ended
    assertThat(words("A.java", "java", java + "    b = 1;\n    c")).doesNotContain("catch");
    assertThat(words("A.java", "java", java + "    b = 1;\n    f")).doesNotContain("finally");
    assertThat(words("A.java", "java", java + "    try {\n      b = 1;\n    } c"))
        .contains("catch");
    assertThat(words("A.java", "java", java + "    if (b > 0) b = 1;\n    e")).contains("else");
    assertThat(words("A.java", "java", java + "    if (b > 0) {\n      e")).doesNotContain("else");
  }

  @Test
  void should_tell_where_a_thrown_or_caught_type_is_named() {
    java.util.function.BiPredicate<Language, String> site =
        (language, text) ->
            WordRanking.throwableSite(language, new CodeLexer(language).significantTokens(text));
    assertThat(site.test(Language.JAVA, "    } catch (")).isTrue();
    assertThat(site.test(Language.JAVA, "    } catch (IOException | ")).isTrue();
    assertThat(site.test(Language.JAVA, "    } catch (java.io.IOException | ")).isTrue();
    assertThat(site.test(Language.JAVA, "  void f() throws ")).isTrue();
    assertThat(site.test(Language.JAVA, "  void f() throws IOException, ")).isTrue();
    assertThat(site.test(Language.JAVA, "    throw new ")).isTrue();
    assertThat(site.test(Language.JAVA, "    return new ")).isFalse();
    assertThat(site.test(Language.JAVA, "    f(a, ")).isFalse();
    assertThat(site.test(Language.JAVA, "    x = a | ")).isFalse();
    assertThat(site.test(Language.JAVA, "    if (")).isFalse();
    assertThat(site.test(Language.PYTHON, "    except (")).isFalse(); // Java only
    assertThat(WordRanking.throwableName("RemoteException")).isTrue();
    assertThat(WordRanking.throwableName("OutOfMemoryError")).isTrue();
    assertThat(WordRanking.throwableName("Throwable")).isTrue();
    assertThat(WordRanking.throwableName("REGISTRY_PORT")).isFalse();
    assertThat(WordRanking.throwableName("Runnable")).isFalse();
    assertThat(WordRanking.throwableName("exception")).isFalse();
  }

  @Test
  void should_rank_a_throwable_type_first_where_one_is_caught_or_thrown() {
    // given: a file where REGISTRY_PORT, result and Runnable are used far more than RemoteException
    String head =
        "class A {\n"
            + "  static final int REGISTRY_PORT = 1099;\n"
            + "  Runnable runner;\n"
            + "  int result;\n"
            + "  void f() throws RemoteException {\n"
            + "    result = REGISTRY_PORT + REGISTRY_PORT + result;\n"
            + "    runner = null;\n"
            + "    result = REGISTRY_PORT * result;\n"
            + "    try {\n"
            + "      g(result, REGISTRY_PORT, runner);\n";

    // when
    List<String> caught = words("A.java", "java", head + "    } catch (R");
    List<String> thrown = words("A.java", "java", head + "    }\n  }\n  void g() throws R");
    List<String> plain = words("A.java", "java", head + "      result = R");

    // then: the exception first where only a throwable can stand; the others still offered
    assertThat(caught).first().isEqualTo("RemoteException");
    assertThat(caught).contains("REGISTRY_PORT");
    assertThat(thrown).first().isEqualTo("RemoteException");
    assertThat(plain).first().isNotEqualTo("RemoteException");
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

  @Test
  void should_neither_offer_words_nor_ghost_text_as_code_inside_a_docstring_being_typed() {
    // given: a model that knows the names, and docstrings the user is typing (nothing closes them)
    model.updateDocument(
        "file:///w/geometry.py",
        "python",
        "import math\n\ndef quokka_area(radius):\n    return math.pi * radius * radius\n");
    List<String> typing =
        List.of(
            "def circle(radius):\n    \"\"\"Return the area of a circle with rad",
            "def circle(radius):\n    \"\"\"\n    Return the area of a\n    circle with q",
            "\"\"\"Module doc.\"\"\"\n\ndef f(x):\n    return x\n\n\ndef g(y):\n    r\"\"\"Also q",
            "x = 1\nhelp_text = \"\"\"\nUsage: quokka_area(r",
            "    the rest of a docstring\n    \"\"\"\n    y = 2\n\ndef g():\n    \"\"\"Note: q");

    for (String prefix : typing) {
      // when
      List<String> menu = words(prefix);
      List<String> ghost =
          model.complete(
              new FimRequest("a.py", "python", prefix, "", List.of(), false), 1, () -> {});

      // then: the cursor is inside a string, as inside a comment
      assertThat(menu).as(prefix).isEmpty();
      assertThat(ghost).as(prefix).isEmpty();
    }
    assertThat(EmbeddedPredictor.outsideTripleQuotes(typing.get(1))).isEqualTo(typing.get(1));
    // the last: a window cut inside one docstring, the cursor inside another
    assertThat(EmbeddedPredictor.outsideTripleQuotes(typing.get(4))).startsWith("    y = 2\n");
    // and after a docstring the window starts in, code is code
    assertThat(words("    the rest of a docstring\n    \"\"\"\n    y = 2\n\ndef g():\n    q"))
        .contains("quokka_area");
  }

  @Test
  void should_not_offer_code_names_inside_a_javadoc_being_typed_on_its_second_line() {
    // given
    model.updateDocument(
        "file:///w/Shop.java", "java", "class Shop { int quokkaTotal; int quokkaCount; }\n");

    // when: the comment began on an earlier line and nothing closes it yet
    List<String> inComment = words("Shop.java", "java", "class Shop {\n  /**\n   * Counts the q");
    List<String> inCode = words("Shop.java", "java", "class Shop {\n  /** Counts. */\n  int q");

    // then
    assertThat(inComment).isEmpty();
    assertThat(inCode).contains("quokkaTotal");
  }

  @Test
  void should_tell_a_triple_quote_that_opens_a_string_from_one_that_closes_it() {
    // opening: code expecting a value before it, a word after it, a header line before it
    assertThat(EmbeddedPredictor.opens("x = \"\"\"", 4)).isTrue();
    assertThat(EmbeddedPredictor.opens("    return f\"\"\"", 12)).isTrue();
    assertThat(EmbeddedPredictor.opens("call(1, \"\"\"", 8)).isTrue();
    assertThat(EmbeddedPredictor.opens("    \"\"\"Return the area.", 4)).isTrue();
    assertThat(EmbeddedPredictor.opens("def f():\n\n    \"\"\"", 14)).isTrue();
    String signature = "def f(\n    a,\n) -> int:\n    \"\"\"";
    assertThat(EmbeddedPredictor.opens(signature, signature.length() - 3)).isTrue();
    assertThat(EmbeddedPredictor.opens("String s = \"\"\"", 11)).isTrue(); // a Java text block
    // closing: prose before it, punctuation after it, prose on the line before, the window's first
    assertThat(EmbeddedPredictor.opens("    the area of a circle.\"\"\"", 25)).isFalse();
    assertThat(EmbeddedPredictor.opens("    in the returned\"\"\"", 19)).isFalse();
    assertThat(EmbeddedPredictor.opens("    \"\"\";", 4)).isFalse();
    assertThat(EmbeddedPredictor.opens("\"\"\").format(x)", 0)).isFalse();
    assertThat(EmbeddedPredictor.opens("  more prose\n    \"\"\"", 17)).isFalse();
    String sections = "    Args:\n        x: the value\n    Example:\n    \"\"\"";
    assertThat(EmbeddedPredictor.opens(sections, sections.length() - 3)).isFalse();
    assertThat(EmbeddedPredictor.opens("\"\"\"", 0)).isFalse();
  }

  @Test
  void should_not_read_the_prose_of_a_comment_the_window_starts_in_as_code() {
    // given: a prefix cut at a line inside a licence header, and one inside a Javadoc whose
    // apostrophe would open a character literal
    String licence =
        " * but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY\n"
            + " * Boston, MA 02110-1301 USA.\n */\npackage demo;\nclass A {\n  int Mango = 1;\n  int x"
            + " = M";
    String javadoc =
        "   * it's the caller's job to check.\n   */\n  void check(int quokkaCount) {\n    q";

    // then
    assertThat(words("A.java", "java", licence))
        .contains("Mango")
        .doesNotContain("MERCHANTABILITY");
    assertThat(words("A.java", "java", javadoc)).contains("quokkaCount");
    assertThat(EmbeddedPredictor.outsideBlockComment(javadoc)).startsWith("\n  void check");
    assertThat(EmbeddedPredictor.outsideBlockComment(" * the \"fast\" way */\nint b;"))
        .isEqualTo("\nint b;");
    // no comment was open, or the close is in a string, or Python, whose # comments have no close
    assertThat(EmbeddedPredictor.outsideBlockComment("/* a */ int b;")).isEqualTo("/* a */ int b;");
    assertThat(EmbeddedPredictor.outsideBlockComment("glob(\"**/*.java\");"))
        .isEqualTo("glob(\"**/*.java\");");
    assertThat(EmbeddedPredictor.window("x = '*/'\ny = 2\n", Language.PYTHON))
        .isEqualTo("x = '*/'\ny = 2\n");
  }

  @Test
  void should_skip_by_its_characters_and_starts_only_words_that_match_the_typed_text_in_no_way() {
    // given: words and typed texts from an alphabet with both cases, digits, _ and $, and
    // characters beyond ASCII whose case folding reaches ASCII (the Kelvin sign folds to k, the
    // dotted capital I to i)
    String alphabet = "aAbBkKiIsS09_$\u212A\u0130\u00DF\u00E9\u00C9";
    Random random = new Random(11);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      StringBuilder w = new StringBuilder();
      for (int n = 1 + random.nextInt(8); n > 0; n--) {
        w.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      words.add(w.toString());
    }
    int matches = 0;
    int skipped = 0;

    // when / then
    for (String typed : words.subList(0, 300)) {
      long needed = WordRanking.needed(typed);
      int neededStart = WordRanking.neededStart(typed);
      for (String w : words) {
        boolean skip =
            !WordRanking.mayMatch(
                needed, neededStart, WordRanking.characters(w), WordRanking.starts(w));
        boolean match =
            WordMatch.of(typed, w) != WordMatch.NONE
                || w.regionMatches(true, 0, typed, 0, typed.length());
        if (match) {
          matches++;
          assertThat(skip).as("%s typed, %s skipped", typed, w).isFalse();
        } else if (skip) {
          skipped++;
        }
      }
    }
    assertThat(matches).as("the test saw matches").isGreaterThan(1_000);
    assertThat(skipped).as("and skipped words").isGreaterThan(50_000);
  }

  @Test
  void should_offer_a_rare_workspace_word_found_past_every_frequent_one() {
    // given: the only workspace word with these characters is the least frequent one
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("alpha_").append(i).append(" = beta_").append(i).append("\n");
    }
    text.append("zyxquux_rare = 1\n");
    model.updateDocument("file:///w/b.py", "python", text.toString());

    // when / then: by prefix and by humps
    assertThat(words("x = zyxq")).contains("zyxquux_rare");
    assertThat(words("x = zyr")).contains("zyxquux_rare");
  }

  @Test
  void should_offer_in_an_import_statement_what_is_not_imported_yet_and_no_keyword() {
    // given: a workspace importing two classes of a package
    model.updateDocument(
        "file:///w/A.java",
        "java",
        "package p;\nimport java.util.concurrent.ConcurrentHashMap;\n"
            + "import java.util.concurrent.CompletableFuture;\nclass A {}\n");

    // when: a file importing one of them imports another
    List<String> got =
        words(
            "B.java",
            "java",
            "import java.util.concurrent.CompletableFuture;\nimport java.util.concurrent.C");
    List<String> top = words("B.java", "java", "package q;\nimport c");

    List<String> afterImport = words("B.java", "java", "package q;\nimport s");

    // then: static, the one keyword that may follow import, only right after it
    assertThat(got).contains("ConcurrentHashMap").doesNotContain("CompletableFuture");
    assertThat(top).doesNotContain("class", "char", "case");
    assertThat(afterImport).contains("static").doesNotContain("short", "super", "switch");
    assertThat(words("B.java", "java", "package q;\nimport java.util.s")).doesNotContain("static");
  }

  @Test
  void lexingTheWindowOnceGivesTheTokensOfTheTextBeforeTheTypedWord() {
    // given: texts with what may lex differently when cut (indentation, numbers running into
    // words, string prefixes, annotations, comments, operators)
    String python =
        "import os\n@decorator(x=1)\nclass A(Base):\n    def f(self, n=1.5e3):\n"
            + "        s = rb'x' + f\"{n}\" # note\n        if n >= 0x1F and self.v:\n"
            + "            return [i for i in range(n)]\n        return 1.e + s.strip()\n";
    String java =
        "package p;\n@Deprecated(since = \"9\")\nclass A<T> extends B {\n"
            + "  int n = 0x1Fl + 1.5e-3f; // c\n  /* d */ T get(int i) { return i >= 0 ?"
            + " this.get(i - 1) : null; }\n  String s = \"\"\"\n    x\"\"\";\n}\n";
    for (String[] pair : new String[][] {{"a.py", "python", python}, {"A.java", "java", java}}) {
      Language language = Language.detect(pair[1], pair[0]);
      CodeLexer lexer = new CodeLexer(language);
      for (int cut = 0; cut <= pair[2].length(); cut++) {
        String prefix = pair[2].substring(0, cut);
        // when
        WordRanking.Lexed lexed =
            WordRanking.lex(
                language, new FimRequest(pair[0], pair[1], prefix, "", List.of(), false));
        if (lexed.silent()) {
          continue;
        }
        // then
        String before =
            EmbeddedPredictor.window(prefix, language)
                .substring(
                    0,
                    EmbeddedPredictor.window(prefix, language).length() - lexed.typed().length());
        assertThat(describe(lexed.tokens()))
            .as("%s cut at %d", pair[0], cut)
            .isEqualTo(describe(lexer.significantTokens(before)));
      }
    }
  }

  private static List<String> describe(List<Token> tokens) {
    List<String> out = new ArrayList<>();
    for (Token t : tokens) {
      out.add(t.kind() + ":" + t.text() + "@" + t.start() + ":" + t.line());
    }
    return out;
  }

  @Test
  void equalScoresGoByTheLaterLastUseThenByTheWord() {
    // given: four candidates with the same features, so the same score
    double[] x = new double[WordReranker.SIZE];
    List<WordReranker.Candidate> list =
        List.of(
            new WordReranker.Candidate("never", Origin.WORKSPACE, x, 0.1, Integer.MIN_VALUE),
            new WordReranker.Candidate("early", Origin.FILE, x, 0.1, 3),
            new WordReranker.Candidate("late", Origin.FILE, x, 0.1, 40),
            new WordReranker.Candidate("after", Origin.FILE, x, 0.1, -5));
    // when
    WordRanking.Ranked ranked =
        WordRanking.ranked(Language.PYTHON, new WordRanking.Gathered("", list));
    // then: the latest use first, a word used only after the cursor next, never used last
    assertThat(ranked.words())
        .extracting(WordReranker.Candidate::word)
        .containsExactly("late", "early", "after", "never");
  }

  @Test
  void should_put_self_last_where_no_function_binds_it() {
    // given: `self` the re-ranker's first word (used latest), `sys` after it
    double[] x = new double[WordReranker.SIZE];
    List<WordReranker.Candidate> list =
        List.of(
            new WordReranker.Candidate("self", Origin.FILE, x, 0.1, 40),
            new WordReranker.Candidate("sys", Origin.FILE, x, 0.1, 3),
            new WordReranker.Candidate("str", Origin.WORKSPACE, x, 0.1, Integer.MIN_VALUE));
    // when / then: bound, the re-ranker's order; unbound, self below every other word
    assertThat(words(list, false)).containsExactly("self", "sys", "str");
    assertThat(words(list, true)).containsExactly("sys", "str", "self");
  }

  private static List<String> words(List<WordReranker.Candidate> list, boolean selfUnbound) {
    return WordRanking.ranked(
            Language.PYTHON, new WordRanking.Gathered("s", list, false, null, selfUnbound, null, 1))
        .words()
        .stream()
        .map(WordReranker.Candidate::word)
        .toList();
  }

  @Test
  void should_show_no_word_with_nothing_typed_where_the_model_expects_no_identifier() {
    // given: a calibration that shows any first word
    double[] x = new double[WordReranker.SIZE];
    List<WordReranker.Candidate> list =
        List.of(new WordReranker.Candidate("value", Origin.FILE, x, 0.1, 3));
    WordReranker.Calibration always =
        new WordReranker.Calibration(new double[] {0, 0, 0}, Double.NEGATIVE_INFINITY);
    // when / then: nothing typed, shown only where identifiers have half the next token or more
    assertThat(ranked("", list, 0.6).confident(always)).isTrue();
    assertThat(ranked("", list, 0.4).confident(always)).isFalse();
    // a typed character says an identifier comes: the share does not matter
    assertThat(ranked("v", list, 0.1).confident(always)).isTrue();
  }

  private static WordRanking.Ranked ranked(
      String typed, List<WordReranker.Candidate> list, double identifierShare) {
    return WordRanking.ranked(
        Language.PYTHON,
        new WordRanking.Gathered(typed, list, false, null, false, null, identifierShare));
  }

  @Test
  void should_tell_the_models_share_of_identifiers_next() {
    // given: a file where `values[0]` is always followed by `+` and `self.` by a member
    String body =
        "class Box:\n    def put(self, values):\n"
            + "        total = values[0] + self.offset\n".repeat(30);
    // when
    double beforeOperator = share(body + "        total = values[0]");
    double afterDot = share(body + "        total = values[0] + self.");
    // then
    assertThat(beforeOperator).isLessThan(WordRanking.MIN_IDENTIFIER_SHARE);
    assertThat(afterDot).isGreaterThan(0.9);
  }

  private double share(String prefix) {
    return new WordRanking()
        .candidates(
            model.stateFor(Language.PYTHON),
            new FimRequest("a.py", "python", prefix, "", List.of(), false),
            () -> {})
        .identifierShare();
  }

  @Test
  void should_put_first_the_keyword_the_model_gives_half_the_listed_words_probability() {
    // nothing typed, features all zero: the keyword re-ranker scores every candidate alike and
    // takes the first listed, an identifier, so what decides is the model's share
    double[] x = new double[WordReranker.SIZE];
    WordReranker.Candidate result = new WordReranker.Candidate("result", Origin.FILE, x, 0.2, 3);
    WordReranker.Candidate ret = new WordReranker.Candidate("return", Origin.KEYWORD, x, 0.2, 1);
    WordReranker.Candidate raise = new WordReranker.Candidate("raise", Origin.KEYWORD, x, 0.1, 1);
    WordReranker.Candidate other = new WordReranker.Candidate("resume", Origin.FILE, x, 0.1, 2);
    // `return` has 0.2 of 0.4: half
    assertThat(ranked(result, ret).expectedKeyword(Language.PYTHON)).isEqualTo("return");
    // 0.2 of 0.6: a third
    assertThat(ranked(result, ret, raise, other).expectedKeyword(Language.PYTHON)).isNull();
    // a list without keywords names none
    assertThat(ranked(result).expectedKeyword(Language.PYTHON)).isNull();
    // once a word is begun, only the keyword re-ranker puts a keyword first
    WordRanking.Ranked begun =
        new WordRanking.Ranked("r", List.of(result, ret), new double[2], 1, false);
    assertThat(begun.expectedKeyword(Language.PYTHON)).isNull();
  }

  private static WordRanking.Ranked ranked(WordReranker.Candidate... words) {
    return new WordRanking.Ranked("", List.of(words), new double[words.length], 1, false);
  }
}

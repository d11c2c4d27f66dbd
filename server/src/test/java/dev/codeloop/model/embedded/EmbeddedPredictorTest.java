package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.lex.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EmbeddedPredictorTest {
  /** Long enough that the beam search never stops on its latency budget: results are repeatable. */
  private static final long NO_BUDGET = Duration.ofMinutes(5).toNanos();

  /** This module's own n-gram classes: real Java, a package of files sharing a directory cache. */
  private static final Path SOURCES = Path.of("src/main/java/dev/codeloop/model/embedded/lm");

  @Test
  void should_show_the_same_ghost_text_when_it_shares_the_beam_search_caches_with_the_menu()
      throws IOException {
    // given: a model that learned the package but one file, which is open in the editor
    EmbeddedCodeModel model =
        EmbeddedCodeModel.builder()
            .executor(Runnable::run)
            .searchBudget(Duration.ofMinutes(5))
            .build();
    List<Path> files;
    try (Stream<Path> s = Files.list(SOURCES)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    Path open = files.get(files.size() - 1);
    for (Path f : files.subList(0, files.size() - 1)) {
      model.updateDocument(f.toUri().toString(), "java", Files.readString(f));
    }
    LanguageState state = model.stateFor(Language.JAVA);
    String text = Files.readString(open);
    String path = "src/main/java/dev/codeloop/model/embedded/lm/" + open.getFileName();
    // the directory cache is built at the first request of the folder: build it before comparing
    model.complete(
        new FimRequest(path, "java", text.substring(0, 200), "", List.of(), false), 1, () -> {});

    EmbeddedPredictor shared = new EmbeddedPredictor(NO_BUDGET, true);
    EmbeddedPredictor separate = new EmbeddedPredictor(NO_BUDGET, false);
    Random random = new Random(5);
    int shown = 0;
    int partial = 0;

    // when / then: cursors after a non-blank character (often inside a word), automatic ghost text
    for (int i = 0; i < 250; i++) {
      int at = 1 + random.nextInt(text.length() - 1);
      if (Character.isWhitespace(text.charAt(at - 1))) {
        continue;
      }
      FimRequest fim =
          new FimRequest(
              path,
              "java",
              text.substring(0, at),
              text.substring(at, Math.min(text.length(), at + 3_000)),
              List.of(),
              true);
      List<String> one = shared.complete(state, fim, 1, () -> {});
      List<String> other = separate.complete(state, fim, 1, () -> {});
      assertThat(one).as("at %d", at).isEqualTo(other);
      if (!one.isEmpty()) {
        shown++;
        if (Character.isJavaIdentifierPart(text.charAt(at - 1))) {
          partial++;
        }
      }
    }
    assertThat(shown).as("positions with a ghost text").isGreaterThan(40);
    assertThat(partial).as("of them inside a word").isGreaterThan(10);
  }

  @Test
  void should_take_the_smallest_indentation_step_between_lines_that_are_not_blank() {
    assertThat(EmbeddedPredictor.indentUnit("class A {\n  void f() {\n    x();\n")).isEqualTo("  ");
    assertThat(EmbeddedPredictor.indentUnit("if x:\n\n      \n   y = 1\n")).isEqualTo("   ");
    assertThat(EmbeddedPredictor.indentUnit("a {\r\n\tb {\r\n\t\tc\r\n")).isEqualTo("\t");
    assertThat(EmbeddedPredictor.indentUnit("a\n \t\n      b\n")).isEqualTo("      ");
    assertThat(EmbeddedPredictor.indentUnit("")).isEqualTo("    ");
    assertThat(EmbeddedPredictor.indentUnit("a\n          b")).isEqualTo("    "); // a step over 8
    assertThat(EmbeddedPredictor.indentUnit("  a\nb\n     c")).isEqualTo("     ");
  }

  @Test
  void should_tell_where_a_statement_of_an_indentation_language_starts() {
    assertThat(statementStart(Language.PYTHON, "x = f(a)\n    ")).isTrue();
    assertThat(statementStart(Language.PYTHON, "def g():\n    return 1\n")).isTrue();
    // inside a call's brackets the line goes on with the call
    assertThat(statementStart(Language.PYTHON, "x = f(a,\n      ")).isFalse();
    assertThat(statementStart(Language.PYTHON, "x = [1,\n     2]\ny = {\n    ")).isFalse();
    // not at a line's start; not an indentation language
    assertThat(statementStart(Language.PYTHON, "x = f(a)\ny = ")).isFalse();
    assertThat(statementStart(Language.JAVA, "int x = f(a);\n    ")).isFalse();
  }

  private static boolean statementStart(Language language, String prefix) {
    return EmbeddedPredictor.statementStart(
        language,
        prefix,
        new dev.codeloop.model.embedded.lex.CodeLexer(language).significantTokens(prefix));
  }

  @Test
  void should_know_the_tokens_no_statement_starts_with() {
    assertThat(List.of(")", "]", "}", ":", ",", ".", "=", "==", "+=", "->"))
        .allMatch(EmbeddedPredictor::neverStartsStatement);
    assertThat(List.of("(", "[", "{", "@", "-", "*", "~", "<str>"))
        .noneMatch(EmbeddedPredictor::neverStartsStatement);
  }
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportOrderTest {
  private static final String SORTED =
      "package p;\n\nimport java.io.IOException;\nimport java.io.ObjectInput;\n";

  /**
   * The order at the end of {@code prefix} (the cursor's line an import statement up to the typed
   * word, the word left out), with {@code below} the text after the cursor.
   */
  private static ImportOrder order(String prefix, String below) {
    CodeLexer lexer = new CodeLexer(Language.JAVA);
    List<Token> tokens = lexer.significantTokens(prefix);
    int lineStart = prefix.lastIndexOf('\n') + 1;
    int from = tokens.size();
    while (from > 0 && tokens.get(from - 1).start() >= lineStart) {
      from--;
    }
    String line = prefix.substring(lineStart);
    String path = line.replaceFirst("^import (static )?", "");
    return ImportOrder.of(Language.JAVA, tokens, from, path, lexer.significantTokens(below));
  }

  @Test
  void should_bound_the_path_by_the_statements_above_and_below_in_a_sorted_file() {
    // when
    ImportOrder order = order(SORTED + "import java.io.", "\nimport java.io.OutputStream;\n");

    // then
    assertThat(order).isNotNull();
    assertThat(order.after()).isEqualTo("java.io.ObjectInput");
    assertThat(order.before()).isEqualTo("java.io.OutputStream");
    assertThat(order.admits("ObjectOutput")).isTrue();
    assertThat(order.admits("ObjectInputStream")).isTrue();
    assertThat(order.admits("ObjectInput")).isFalse(); // the statement above
    assertThat(order.admits("IOError")).isFalse();
    assertThat(order.admits("OutputStreamWriter")).isFalse();
    assertThat(order.admits("PrintStream")).isFalse();
  }

  @Test
  void should_admit_a_step_whose_longer_paths_can_stand_between_the_bounds() {
    // given: java.rmi.registry.Registry above, java.rmi.server.RemoteObject below
    String above = "import java.rmi.Remote;\nimport java.rmi.registry.Registry;\n";
    ImportOrder order =
        order(above + "import java.rmi.", "\nimport java.rmi.server.RemoteObject;\n");

    // then: `server` goes on with names before RemoteObject; `security` after registry too
    assertThat(order).isNotNull();
    assertThat(order.admits("server")).isTrue();
    assertThat(order.admits("security")).isTrue();
    assertThat(order.admits("activation")).isFalse();
    assertThat(order.admits("ssl")).isFalse();
  }

  @Test
  void should_not_bound_where_the_file_does_not_sort_its_imports_or_a_line_separates_them() {
    String unsorted = "import java.util.List;\nimport java.io.IOException;\n";
    assertThat(order(unsorted + "import java.io.", "\n")).isNull();
    // a blank line: another group, maybe not sorted against this one
    assertThat(order(SORTED + "\nimport java.", "\n")).isNull();
    // a static import is sorted in a block of its own
    assertThat(order(SORTED + "import static java.", "\n")).isNull();
    // one statement alone says nothing about the order
    assertThat(order("import java.io.IOException;\nimport java.", "\n")).isNull();
    // not Java, not an import
    assertThat(order(SORTED + "class A {\n  int x = ", "\n")).isNull();
  }

  @Test
  void should_bound_from_below_alone_when_the_statements_below_are_sorted() {
    // when: the first import of its block typed above two sorted ones
    ImportOrder order =
        order("package p;\n\nimport java.", "\nimport java.util.List;\nimport java.util.Map;\n");

    // then
    assertThat(order).isNotNull();
    assertThat(order.after()).isNull();
    assertThat(order.admits("io")).isTrue();
    assertThat(order.admits("util")).isTrue(); // java.util.ArrayList may come before List
    assertThat(order.admits("xml")).isFalse();
  }
}

package dev.codeloop.action.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.action.TextRange;
import dev.codeloop.document.DocumentStore;
import org.junit.jupiter.api.Test;

class SymbolLocatorTest {

  private static CodeRegion locate(String language, String text, int line, int character) {
    var snapshot = new DocumentStore().open("file:///x", language, 1, text);
    return SymbolLocator.locate(snapshot, TextRange.of(line, character, line, character));
  }

  @Test
  void should_find_the_enclosing_method_not_the_if_block() {
    // given
    String text =
        "class A {\n  @Override\n  int size(int n) {\n    if (n > 0) {\n      return n;\n    }\n    return 0;\n  }\n}\n";

    // when
    CodeRegion region = locate("java", text, 4, 8);

    // then
    assertThat(region.symbol()).isEqualTo("size");
    assertThat(region.text()).startsWith("  @Override\n  int size").endsWith("  }");
  }

  @Test
  void should_ignore_braces_in_strings_and_comments() {
    // given
    String text = "class A {\n  void f() {\n    String s = \"}\"; // }\n    g();\n  }\n}\n";

    // when
    CodeRegion region = locate("java", text, 3, 4);

    // then
    assertThat(region.symbol()).isEqualTo("f");
  }

  @Test
  void should_find_the_enclosing_python_def_with_its_decorator() {
    // given
    String text =
        "class A:\n    @staticmethod\n    def go(x):\n        y = x\n\n        return y\n\nz = 1\n";

    // when
    CodeRegion region = locate("python", text, 3, 8);

    // then
    assertThat(region.symbol()).isEqualTo("go");
    assertThat(region.text())
        .isEqualTo("    @staticmethod\n    def go(x):\n        y = x\n\n        return y");
  }

  @Test
  void should_widen_a_partial_selection_to_whole_lines() {
    // given
    var snapshot =
        new DocumentStore().open("file:///x", "java", 1, "int a = 1;\nint b = 2;\nint c = 3;\n");

    // when
    CodeRegion region = SymbolLocator.locate(snapshot, TextRange.of(0, 4, 1, 3));

    // then
    assertThat(region.text()).isEqualTo("int a = 1;\nint b = 2;");
  }
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassScopeTest {
  private static ClassScope at(Language language, String prefix) {
    List<Token> tokens = new CodeLexer(language).significantTokens(prefix);
    return ClassScope.of(language, prefix, tokens, prefix.lastIndexOf('\n') + 1);
  }

  @Test
  void should_find_a_java_class_bodys_supertypes_outside_type_arguments() {
    ClassScope scope =
        at(
            Language.JAVA,
            "package p;\n\npublic class Rows<T extends Comparable<T>>\n"
                + "    extends java.util.AbstractList<Map<String, T>>\n"
                + "    implements RowSet, Serializable {\n  private int n;\n\n"
                + "  public void f() {\n    n++;\n  }\n\n  public void ");
    assertThat(scope.name()).isEqualTo("Rows");
    assertThat(scope.supertypes()).containsExactly("AbstractList", "RowSet", "Serializable");
  }

  @Test
  void should_find_no_class_body_inside_a_method_and_stop_at_permits() {
    assertThat(at(Language.JAVA, "class A extends B {\n  void f() {\n    int "))
        .isEqualTo(ClassScope.NONE);
    assertThat(
            at(Language.JAVA, "sealed interface S extends T permits U, V {\n  int ").supertypes())
        .containsExactly("T");
    assertThat(at(Language.JAVA, "class A {\n  void ").supertypes()).isEmpty();
  }

  @Test
  void should_take_an_anonymous_classs_instantiated_type_as_its_supertype() {
    assertThat(
            at(
                    Language.JAVA,
                    "class A {\n  void f() {\n    run(new java.util.function.Supplier<String>() {\n"
                        + "      public String ")
                .supertypes())
        .containsExactly("Supplier");
    assertThat(at(Language.JAVA, "class A {\n  void f() {\n    if (ok()) {\n      int "))
        .isEqualTo(ClassScope.NONE);
  }

  @Test
  void should_find_a_python_classs_bases_but_not_from_a_nested_function() {
    String header = "import io\n\nclass Reader(io.RawIOBase, Mixin, metaclass=Meta):\n";
    ClassScope scope =
        at(Language.PYTHON, header + "    def close(self):\n        pass\n\n    def ");
    assertThat(scope.name()).isEqualTo("Reader");
    assertThat(scope.supertypes()).containsExactly("RawIOBase", "Mixin");
    assertThat(at(Language.PYTHON, header + "    def f(self):\n        def "))
        .isEqualTo(ClassScope.NONE);
    assertThat(at(Language.PYTHON, "def f():\n    pass\n\ndef ")).isEqualTo(ClassScope.NONE);
  }
}

package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportNamesTest {
  private static ImportNames learn(Language language, String... files) {
    CodeLexer lexer = new CodeLexer(language);
    Vocabulary vocab = new Vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    List<int[]> docs =
        java.util.Arrays.stream(files)
            .map(f -> encoder.encode(lexer.significantTokens(f), true))
            .toList();
    return ImportNames.learn(language, vocab, docs);
  }

  private static String site(Language language, String line) {
    ImportNames.Site site = ImportNames.site(language, texts(language, line));
    return site == null ? null : site.prefix() + (site.imports() ? "" : " (a path)");
  }

  private static List<String> texts(Language language, String line) {
    return new CodeLexer(language).significantTokens(line).stream().map(Token::text).toList();
  }

  @Test
  void should_learn_the_names_after_each_prefix_of_java_imports_and_package_declarations() {
    // when
    ImportNames names =
        learn(
            Language.JAVA,
            "package java.rmi.server;\nimport java.util.List;\nimport java.util.Map;\n"
                + "import static java.lang.Math.max;\nimport java.io.*;\n"
                + "public class ExportException { class Inner {} }\ninterface Later {}\n",
            "import java.util.List;\nclass A { void f() { java.util.Set s; } }\n");

    // then
    assertThat(names.after("")).containsEntry("java", 6);
    assertThat(names.after("java.")).containsEntry("util", 3).containsKeys("rmi", "lang", "io");
    assertThat(names.after("java.util.")).containsEntry("List", 2).containsEntry("Map", 1);
    assertThat(names.after("java.lang.Math.")).containsOnlyKeys("max");
    assertThat(names.after("java.rmi.server."))
        .as("the file's top-level types, not the nested one")
        .containsOnlyKeys("ExportException", "Later");
    assertThat(names.after("java.util.")).as("code is not an import").doesNotContainKey("Set");
  }

  @Test
  void should_learn_python_imports_plain_from_and_relative() {
    // when
    ImportNames names =
        learn(
            Language.PYTHON,
            "import os.path, sys as system\nfrom email.mime import text, base as b\n"
                + "from . import utils\nfrom .errors import (HeaderError,\n    ParseError)\n"
                + "x = 1\n");

    // then
    assertThat(names.after("")).containsKeys("os", "sys", "email");
    assertThat(names.after("os.")).containsOnlyKeys("path");
    assertThat(names.after("email.mime.")).containsOnlyKeys("text", "base");
    assertThat(names.after(".")).containsOnlyKeys("utils", "errors");
    assertThat(names.after(".errors.")).containsOnlyKeys("HeaderError", "ParseError");
  }

  @Test
  void should_find_the_prefix_of_an_import_statement_being_typed() {
    assertThat(site(Language.JAVA, "import java.util.")).isEqualTo("java.util.");
    assertThat(site(Language.JAVA, "import static a.B.")).isEqualTo("a.B.");
    assertThat(site(Language.JAVA, "import ")).isEqualTo("");
    assertThat(site(Language.JAVA, "return java.util.")).isNull();
    assertThat(site(Language.PYTHON, "from email.mime import ")).isEqualTo("email.mime.");
    assertThat(site(Language.PYTHON, "from .errors import (A, ")).isEqualTo(".errors.");
    assertThat(site(Language.PYTHON, "from email.")).isEqualTo("email. (a path)");
    assertThat(site(Language.JAVA, "package java.")).isEqualTo("java. (a path)");
    assertThat(site(Language.PYTHON, "import os, email.")).isEqualTo("email.");
    assertThat(site(Language.PYTHON, "from a import b as ")).isNull();
    assertThat(site(Language.GO, "import ")).isNull();
  }

  @Test
  void should_count_as_imported_only_what_a_statement_imports_not_the_steps_of_its_path() {
    // given
    List<String> tokens =
        texts(
            Language.JAVA,
            "import java.nio.*;\nimport java.util.List;\nimport java.util.concurrent.Future;\n");

    // when
    var util = ImportNames.imported(Language.JAVA, "java.util.", tokens.size(), tokens::get);
    var java = ImportNames.imported(Language.JAVA, "java.", tokens.size(), tokens::get);

    // then
    assertThat(util).containsExactly("List");
    assertThat(java).as("nio, util: steps, imported again and again").isEmpty();
  }
}

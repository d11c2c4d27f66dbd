package dev.codeloop.completion.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.CodeStructure.Definition;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CodeStructureTest {

  static Stream<Arguments> definitions() {
    return Stream.of(
        Arguments.of("java", "public final class UserService {", "UserService"),
        Arguments.of("java", "  public record Point(int x, int y) {}", "Point"),
        Arguments.of("java", "  public List<User> findAll(int limit) {", "findAll"),
        Arguments.of("java", "  private static int count(String s) throws IOException {", "count"),
        Arguments.of("python", "def load_users(path):", "load_users"),
        Arguments.of("python", "    async def fetch(self, url):", "fetch"),
        Arguments.of("python", "class Repository(Base):", "Repository"),
        Arguments.of("typescript", "export async function fetchUser(id: string) {", "fetchUser"),
        Arguments.of("typescript", "export interface User {", "User"),
        Arguments.of("javascript", "const add = (a, b) => a + b;", "add"),
        Arguments.of("go", "func (s *Server) Handle(w http.ResponseWriter) {", "Handle"),
        Arguments.of("go", "type Config struct {", "Config"),
        Arguments.of("rust", "pub fn parse(input: &str) -> Result<Ast> {", "parse"),
        Arguments.of("rust", "pub struct Parser {", "Parser"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("definitions")
  void should_find_definition_names(String language, String line, String name) {
    assertThat(CodeStructure.definitions(line + "\n", language))
        .extracting(Definition::name)
        .containsExactly(name);
  }

  @Test
  void should_not_take_statements_for_definitions() {
    assertThat(CodeStructure.definitions("    if (x) {\n    return foo(1);\n    x = y;\n", "java"))
        .isEmpty();
  }

  static Stream<Arguments> imports() {
    return Stream.of(
        Arguments.of("java", "package a;\nimport java.util.List;\n\nclass A {}\n", 2),
        Arguments.of("python", "import os\nfrom typing import List\n\ndef f(): pass\n", 2),
        Arguments.of(
            "typescript", "import { a } from './a';\nconst fs = require('fs');\nlet x = 1;\n", 2),
        Arguments.of(
            "go", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {}\n", 5),
        Arguments.of("rust", "use std::io;\nmod parser;\nfn main() {}\n", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imports")
  void should_extract_imports(String language, String text, int count) {
    assertThat(CodeStructure.imports(text, language)).hasSize(count);
  }

  @Test
  void should_find_import_lines_without_their_trailing_white_space_and_only_before_the_end() {
    // given: CRLF line ends, trailing blanks, an import inside a comment-like line, and one after
    // the end offset
    String text =
        "package a.b;\r\n"
            + "import java.util.List;   \r\n"
            + "\r\n"
            + "  import static java.util.Map.of;\n"
            + "// not import x;\n"
            + "class A {}\n";
    String tail = "import late.Thing;\n";

    // when
    var imports = CodeStructure.imports(text + tail, "java", text.length());

    // then
    assertThat(imports)
        .containsExactly(
            "package a.b;", "import java.util.List;", "  import static java.util.Map.of;");
  }

  @Test
  void should_find_imports_of_languages_without_their_own_form_by_any_known_form() {
    String text = "import os\nuse std::io;\nimport a.B;\nprint(1)\n";

    assertThat(CodeStructure.imports(text, "plaintext"))
        .containsExactly("import os", "use std::io;", "import a.B;");
    assertThat(CodeStructure.imports("package main\nimport (\n\t\"fmt\"\n)\nfunc f() {}\n", "go"))
        .containsExactly("package main", "import (", "\t\"fmt\"", ")");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"java", "kotlin", "python", "typescript", "javascript", "rust", "c", "go"})
  void should_find_the_same_imports_with_the_keyword_filter_as_with_the_patterns_alone(
      String language) {
    // given: lines of every form, with every kind of leading white space the patterns' \s covers
    // (and one it does not), keywords inside words, and the keywords alone
    String[] bodies = {
      "import java.util.List;",
      "package a.b;",
      "import static a.B.c;",
      "importx a;",
      "from os import path",
      "import os",
      "from",
      "import",
      "fromage import x",
      "import { a } from './a';",
      "const fs = require('fs');",
      "let x = require(\"y\").z;",
      "var y = 1;",
      "export * from './b';",
      "export default f;",
      "exports.x = 1;",
      "use std::io;",
      "pub use a::b;",
      "mod parser;",
      "extern crate serde;",
      "pub fn f() {}",
      "user::x;",
      "module x;",
      "\"fmt\"",
      ")",
      "package main",
      "class A {}",
      "// import x;",
      "",
      "packages a;",
      "usex;",
      "pub(crate) use a;",
      "import\ta.B;",
      "const",
      "let"
    };
    String[] indents = {"", "  ", "\t", "\u000B", "\f", " \t ", "\u00A0", "\r"};
    boolean found = false;
    for (String indent : indents) {
      StringBuilder text = new StringBuilder();
      for (String body : bodies) {
        text.append(indent).append(body).append(indent.equals("\r") ? "\r\n" : "\n");
      }
      String all = text.toString();
      for (int end : new int[] {all.length(), all.length() / 2, 40}) {
        // when
        List<String> filtered = CodeStructure.imports(all, language, end, true);

        // then
        assertThat(filtered).isEqualTo(CodeStructure.imports(all, language, end, false));
        found |= !filtered.isEmpty();
      }
    }
    assertThat(found).isTrue();
  }
}

package dev.codeloop.completion.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.CodeStructure.Definition;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
}

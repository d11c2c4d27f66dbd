package dev.codeloop.workspace.tool.parse;

import static dev.codeloop.workspace.tool.Finding.Severity.ERROR;
import static dev.codeloop.workspace.tool.Finding.Severity.INFO;
import static dev.codeloop.workspace.tool.Finding.Severity.WARNING;
import static dev.codeloop.workspace.tool.parse.Fixtures.CAPTURE;
import static dev.codeloop.workspace.tool.parse.Fixtures.PROJECT;
import static dev.codeloop.workspace.tool.parse.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compiler and linter parser against the output captured from (or documented for) its tool.
 */
class CheckParsersTest {

  private static final Path JAVAC = CAPTURE.resolve("javac/src/demo");
  private static final Path MAVEN = CAPTURE.resolve("maven-compile/src/main/java/demo");
  private static final Path GCC = CAPTURE.resolve("gcc/f.c");
  private static final Path TSC = CAPTURE.resolve("tsc/src");
  private static final Path ESLINT = CAPTURE.resolve("eslint/src");
  private static final Path PY = PROJECT.resolve("src");

  static Stream<Arguments> javac() {
    return Stream.of(
        Arguments.of(
            "javac/output.txt",
            CAPTURE.resolve("javac"),
            List.of(
                check(
                    JAVAC.resolve("Greeter.java"),
                    14,
                    17,
                    ERROR,
                    "cannot find symbol\nsymbol:   variable missing\nlocation: class Greeter",
                    "",
                    "javac"),
                check(
                    JAVAC.resolve("Caller.java"),
                    5,
                    18,
                    WARNING,
                    "old() in Greeter has been deprecated",
                    "deprecation",
                    "javac"),
                check(
                    JAVAC.resolve("Caller.java"),
                    6,
                    16,
                    ERROR,
                    "incompatible types: int cannot be converted to String",
                    "",
                    "javac"))));
  }

  static Stream<Arguments> maven() {
    Finding incompatible =
        check(
            MAVEN.resolve("Caller.java"),
            6,
            16,
            ERROR,
            "incompatible types: int cannot be converted to java.lang.String",
            "",
            "maven");
    Finding missing =
        check(
            MAVEN.resolve("Greeter.java"),
            14,
            17,
            ERROR,
            "cannot find symbol\nsymbol:   variable missing\nlocation: class demo.Greeter",
            "",
            "maven");
    Finding deprecated =
        check(
            MAVEN.resolve("Caller.java"),
            5,
            18,
            WARNING,
            "old() in demo.Greeter has been deprecated",
            "",
            "maven");
    Path workingDirectory = CAPTURE.resolve("maven-compile");
    return Stream.of(
        Arguments.of("maven/output.txt", workingDirectory, List.of(incompatible, missing)),
        Arguments.of(
            "maven/output-verbose.txt",
            workingDirectory,
            List.of(deprecated, incompatible, missing)));
  }

  static Stream<Arguments> gcc() {
    return Stream.of(
        Arguments.of(
            "gcc/output.txt",
            CAPTURE.resolve("gcc"),
            List.of(
                check(
                    GCC,
                    7,
                    13,
                    WARNING,
                    "initialization of ‘char *’ from ‘int’ makes pointer from integer without a cast",
                    "-Wint-conversion",
                    "gcc"),
                check(
                    GCC,
                    8,
                    12,
                    WARNING,
                    "format ‘%d’ expects argument of type ‘int’, but argument 2 has type ‘char *’",
                    "-Wformat=",
                    "gcc"),
                check(
                    GCC,
                    9,
                    10,
                    ERROR,
                    "‘undefined_name’ undeclared (first use in this function)",
                    "",
                    "gcc"),
                check(
                    GCC,
                    9,
                    10,
                    INFO,
                    "each undeclared identifier is reported only once for each function it appears"
                        + " in",
                    "",
                    "gcc"),
                check(
                    GCC, 6, 7, WARNING, "unused variable ‘unused’", "-Wunused-variable", "gcc"))));
  }

  static Stream<Arguments> tsc() {
    return Stream.of(
        Arguments.of(
            "tsc/output.txt",
            CAPTURE.resolve("tsc"),
            List.of(
                tscError(
                    "a.ts", 5, 7, "Type 'number' is not assignable to type 'string'.", "TS2322"),
                tscError("a.ts", 6, 31, "Expected 0 arguments, but got 1.", "TS2554"),
                tscError(
                    "b.ts",
                    3,
                    27,
                    "Argument of type 'string' is not assignable to parameter of type 'number'.",
                    "TS2345"),
                tscError(
                    "b.ts", 4, 7, "Property 'push' does not exist on type 'number'.", "TS2339"),
                tscError(
                    "c.ts", 6, 38, "Type 'string' is not assignable to type 'number'.", "TS2322"),
                tscError(
                    "c.ts", 7, 7, "Type 'string' is not assignable to type 'Point'.", "TS2322"))));
  }

  private static Finding tscError(String file, int line, int column, String message, String code) {
    return check(TSC.resolve(file), line, column, ERROR, message, code, "tsc");
  }

  static Stream<Arguments> eslint() {
    List<Finding> expected =
        List.of(
            check(
                ESLINT.resolve("app.js"),
                1,
                7,
                ERROR,
                "'unused' is assigned a value but never used.",
                "no-unused-vars",
                "eslint"),
            check(
                ESLINT.resolve("app.js"),
                4,
                13,
                WARNING,
                "Expected '===' and instead saw '=='.",
                "eqeqeq",
                "eslint"),
            check(
                ESLINT.resolve("app.js"),
                5,
                12,
                ERROR,
                "'missing' is not defined.",
                "no-undef",
                "eslint"),
            check(
                ESLINT.resolve("broken.js"),
                1,
                23,
                ERROR,
                "Parsing error: Unexpected token ;",
                "",
                "eslint"));
    Path workingDirectory = CAPTURE.resolve("eslint");
    return Stream.of(
        Arguments.of("eslint/output-unix.txt", workingDirectory, expected),
        Arguments.of("eslint/output-compact.txt", workingDirectory, expected));
  }

  static Stream<Arguments> ruff() {
    return Stream.of(
        Arguments.of(
            "ruff/output.txt",
            PROJECT,
            List.of(
                check(
                    PY.resolve("app.py"),
                    1,
                    8,
                    WARNING,
                    "`os` imported but unused",
                    "F401",
                    "ruff"),
                check(
                    PY.resolve("app.py"),
                    4,
                    5,
                    WARNING,
                    "Ambiguous variable name: `l`",
                    "E741",
                    "ruff"),
                check(
                    PY.resolve("app.py"), 6, 12, ERROR, "Undefined name `missing`", "F821", "ruff"),
                check(
                    PY.resolve("broken.py"), 2, 9, ERROR, "Expected an expression", "", "ruff"))));
  }

  static Stream<Arguments> flake8() {
    return Stream.of(
        Arguments.of(
            "flake8/output.txt",
            PROJECT,
            List.of(
                check(
                    PY.resolve("app.py"),
                    1,
                    1,
                    WARNING,
                    "'os' imported but unused",
                    "F401",
                    "flake8"),
                check(
                    PY.resolve("app.py"),
                    3,
                    80,
                    WARNING,
                    "line too long (88 > 79 characters)",
                    "E501",
                    "flake8"),
                check(
                    PY.resolve("app.py"),
                    6,
                    12,
                    ERROR,
                    "undefined name 'missing'",
                    "F821",
                    "flake8"),
                check(
                    PY.resolve("app.py"),
                    7,
                    1,
                    WARNING,
                    "blank line at end of file",
                    "W391",
                    "flake8"),
                check(
                    PY.resolve("broken.py"),
                    2,
                    9,
                    ERROR,
                    "SyntaxError: invalid syntax",
                    "E999",
                    "flake8"))));
  }

  static Stream<Arguments> mypy() {
    String incompatible =
        "Incompatible types in assignment (expression has type \"int\", variable has type \"str\")";
    return Stream.of(
        Arguments.of(
            "mypy/output.txt",
            PROJECT,
            List.of(
                check(PY.resolve("app.py"), 5, 0, ERROR, incompatible, "assignment", "mypy"),
                check(
                    PY.resolve("app.py"),
                    9,
                    0,
                    ERROR,
                    "Name \"missing\" is not defined",
                    "name-defined",
                    "mypy"),
                check(
                    PY.resolve("app.py"),
                    12,
                    0,
                    INFO,
                    "Revealed type is \"builtins.int\"",
                    "",
                    "mypy"))),
        Arguments.of(
            "mypy/output-columns.txt",
            PROJECT,
            List.of(
                check(PY.resolve("app.py"), 5, 11, ERROR, incompatible, "assignment", "mypy"),
                check(
                    PY.resolve("app.py"),
                    9,
                    12,
                    ERROR,
                    "Name \"missing\" is not defined",
                    "name-defined",
                    "mypy"),
                check(
                    PY.resolve("app.py"),
                    12,
                    13,
                    INFO,
                    "Revealed type is \"builtins.int\"",
                    "",
                    "mypy"),
                new Finding(
                    PY.resolve("util.py"),
                    3,
                    5,
                    3,
                    18,
                    ERROR,
                    "Argument 1 to \"twice\" has incompatible type \"str\"; expected \"int\"",
                    "arg-type",
                    Finding.Kind.CHECK,
                    "mypy"))));
  }

  static Stream<Arguments> govet() {
    return Stream.of(
        Arguments.of(
            "govet/output.txt",
            PROJECT,
            List.of(
                check(
                    PROJECT.resolve("main.go"),
                    9,
                    2,
                    WARNING,
                    "fmt.Printf format %d has arg name of wrong type string",
                    "",
                    "govet"),
                check(
                    PROJECT.resolve("util/strings.go"),
                    12,
                    9,
                    WARNING,
                    "unreachable code",
                    "",
                    "govet"),
                check(
                    PROJECT.resolve("broken/broken.go"),
                    4,
                    9,
                    ERROR,
                    "undefined: missing",
                    "",
                    "govet"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javac")
  void should_read_javac_diagnostics_when_given_captured_javac_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new JavacParser(), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maven")
  void should_read_compiler_lines_once_when_given_captured_maven_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new MavenCompilerParser(), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gcc")
  void should_read_gcc_diagnostics_when_given_captured_gcc_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new GccParser("gcc"), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tsc")
  void should_read_tsc_errors_when_given_captured_tsc_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new TscParser(), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eslint")
  void should_read_eslint_problems_when_given_captured_unix_or_compact_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new EslintParser(), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruff")
  void should_read_ruff_findings_when_given_documented_ruff_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new PyLintParser("ruff"), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flake8")
  void should_read_flake8_findings_when_given_documented_flake8_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new PyLintParser("flake8"), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mypy")
  void should_read_mypy_errors_when_given_documented_mypy_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new MypyParser(), fixture, workingDirectory, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("govet")
  void should_read_vet_reports_when_given_documented_go_vet_output(
      String fixture, Path workingDirectory, List<Finding> expected) {
    assertParses(new GoVetParser(), fixture, workingDirectory, expected);
  }

  private static void assertParses(
      OutputParser parser, String fixture, Path workingDirectory, List<Finding> expected) {
    // given
    String output = Fixtures.read(fixture);
    // when
    List<Finding> findings = parser.parse(output, workingDirectory);
    // then
    assertThat(findings).containsExactlyElementsOf(expected);
  }
}

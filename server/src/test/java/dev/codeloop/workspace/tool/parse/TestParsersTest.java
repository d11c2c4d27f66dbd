package dev.codeloop.workspace.tool.parse;

import static dev.codeloop.workspace.tool.Finding.Severity.ERROR;
import static dev.codeloop.workspace.tool.Finding.Severity.WARNING;
import static dev.codeloop.workspace.tool.parse.Fixtures.CAPTURE;
import static dev.codeloop.workspace.tool.parse.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Test-report parsers (and cargo's JSON messages) against captured or documented output. */
class TestParsersTest {

  static Stream<Arguments> junitXml() {
    Path surefire = Fixtures.path("junit-xml/surefire");
    Path gradle = Fixtures.path("junit-xml/gradle");
    Path pytest = Fixtures.path("junit-xml/pytest");
    return Stream.of(
        Arguments.of(
            "junit-xml/surefire/TEST-demo.CalculatorTest.xml",
            surefire,
            List.of(
                test(
                    surefire.resolve("src/test/java/demo/CalculatorTest.java"),
                    17,
                    0,
                    "addsWrongly: two plus two ==> expected: <5> but was: <4>",
                    "org.opentest4j.AssertionFailedError",
                    "junit-xml"),
                test(
                    surefire.resolve("src/main/java/demo/Calculator.java"),
                    9,
                    0,
                    "dividesByZero: / by zero",
                    "java.lang.ArithmeticException",
                    "junit-xml"))),
        Arguments.of(
            "junit-xml/gradle/TEST-demo.GreetingTest.xml",
            gradle,
            List.of(
                test(
                    gradle.resolve("src/test/java/demo/GreetingTest.java"),
                    10,
                    0,
                    "greets(): org.opentest4j.AssertionFailedError: expected: <Hello, Ada> but was:"
                        + " <Hello, Bob>",
                    "org.opentest4j.AssertionFailedError",
                    "junit-xml"))),
        Arguments.of(
            "junit-xml/pytest/report.xml",
            pytest,
            List.of(
                test(
                    pytest.resolve("tests/test_math.py"),
                    10,
                    0,
                    "test_adds_wrongly: assert 4 == 5",
                    "",
                    "junit-xml"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("junitXml")
  void should_put_failures_at_the_first_local_frame_when_reading_a_junit_xml_report(
      String fixture, Path workingDirectory, List<Finding> expected) {
    // given
    Path report = Fixtures.path(fixture);
    // when
    List<Finding> findings = new JUnitXmlParser("junit-xml").parseReport(report, workingDirectory);
    // then
    assertThat(findings).containsExactlyElementsOf(expected);
  }

  @Test
  void should_fall_back_to_the_test_file_at_line_zero_when_no_frame_is_local() {
    // given
    Path surefire = Fixtures.path("junit-xml/surefire");
    String report =
        """
        <testsuite name="demo.CalculatorTest">
          <testcase name="times" classname="demo.CalculatorTest">
            <error message="boom&#10;second line" type="java.lang.IllegalStateException">
              at java.base/java.util.Objects.requireNonNull(Objects.java:233)
              at other.Lib.call(Lib.java:5)
            </error>
          </testcase>
        </testsuite>
        """;
    // when
    List<Finding> findings = new JUnitXmlParser("junit-xml").parse(report, surefire);
    // then
    assertThat(findings)
        .containsExactly(
            test(
                surefire.resolve("src/test/java/demo/CalculatorTest.java"),
                0,
                0,
                "times: boom",
                "java.lang.IllegalStateException",
                "junit-xml"));
  }

  @Test
  void should_refuse_external_entities_when_a_report_declares_a_doctype() {
    // given
    String report =
        """
        <?xml version="1.0"?>
        <!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <testsuite><testcase name="t" classname="C"><failure message="&secret;"/></testcase></testsuite>
        """;
    // when
    List<Finding> findings = new JUnitXmlParser("junit-xml").parse(report, Path.of("/project"));
    // then
    assertThat(findings).isEmpty();
  }

  @Test
  void should_report_failing_tests_at_their_stack_frame_when_reading_captured_node_test_output() {
    // given
    String output = Fixtures.read("node-test/output.txt");
    Path tests = CAPTURE.resolve("node-test/test");
    // when
    List<Finding> findings = new NodeTestParser().parse(output, CAPTURE.resolve("node-test"));
    // then
    assertThat(findings)
        .containsExactly(
            test(
                tests.resolve("math.test.js"),
                9,
                10,
                "adds wrongly: Expected values to be strictly equal:",
                "ERR_ASSERTION",
                "node-test"),
            test(
                tests.resolve("math.test.js"),
                13,
                9,
                "throws: boom",
                "ERR_TEST_FAILURE",
                "node-test"),
            test(
                tests.resolve("suite.test.js"),
                6,
                12,
                "upper-cases: upper of a",
                "ERR_ASSERTION",
                "node-test"));
  }

  @Test
  void should_use_the_location_when_no_stack_frame_is_local() {
    // given
    String output =
        """
        TAP version 13
        not ok 1 - loads
          ---
          location: 'file:///work/app/test/load.test.js:3:1'
          error: 'it''s broken'
          stack: |-
            Module._load (node:internal/modules/cjs/loader:1:1)
          ...
        1..1
        """;
    // when
    List<Finding> findings = new NodeTestParser().parse(output, Path.of("/work/app"));
    // then
    assertThat(findings)
        .containsExactly(
            test(
                Path.of("/work/app/test/load.test.js"),
                3,
                1,
                "loads: it's broken",
                "",
                "node-test"));
  }

  @Test
  void should_map_t_error_lines_to_the_package_directory_when_reading_go_test_json() {
    // given
    String output = Fixtures.read("go-test-json/output.jsonl");
    Path module = Fixtures.path("go-test-json");
    // when
    List<Finding> findings = new GoTestJsonParser().parse(output, module);
    // then
    assertThat(findings)
        .containsExactly(
            test(
                module.resolve("mathx/mathx_test.go"),
                7,
                0,
                "TestAdd: Add(2, 2) = 4, want 5",
                "",
                "go-test-json"));
  }

  @Test
  void should_read_primary_spans_when_given_captured_cargo_json_output() {
    // given
    String output = Fixtures.read("cargo/output.jsonl");
    Path workspace = CAPTURE.resolve("cargo");
    // when
    List<Finding> findings = new CargoJsonParser().parse(output, workspace);
    // then
    assertThat(findings)
        .containsExactly(
            new Finding(
                workspace.resolve("helper/src/lib.rs"),
                2,
                9,
                2,
                15,
                WARNING,
                "unused variable: `unused`",
                "unused_variables",
                Finding.Kind.CHECK,
                "cargo-json"),
            new Finding(
                workspace.resolve("app/src/main.rs"),
                2,
                37,
                2,
                42,
                ERROR,
                "mismatched types: expected `i32`, found `&str`",
                "E0308",
                Finding.Kind.CHECK,
                "cargo-json"));
  }
}

package dev.codeloop.workspace.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestSelectionTest {
  private static final Path ROOT = Path.of("/w");

  @ParameterizedTest(name = "{0} line {2} → {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CalcTest.java|class T {\\n  @Test\\n  void adds() {\\n    x();\\n  }\\n}|3|adds",
        "CalcTest.java|class T {\\n  @ParameterizedTest\\n  @CsvSource(\"a\")\\n  void many(String s) {}\\n}|3|many",
        "CalcTest.java|class T {\\n  void helper() {\\n  }\\n}|1|",
        "test_s.py|def test_mean():\\n    assert 1\\n|1|test_mean",
        "m.test.js|test('adds two', () => {\\n  ok();\\n});|1|adds two",
        "m_test.go|func TestAdd(t *testing.T) {\\n}|1|TestAdd",
        "lib.rs|#[test]\\nfn adds() {\\n}|2|adds",
      })
  void should_find_the_test_at_the_cursor(String file, String text, int line, String expected) {
    // when
    TestTarget t = TestTarget.at(ROOT.resolve(file), text.replace("\\n", "\n"), line);

    // then
    assertThat(t.test()).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void should_name_the_enclosing_class_of_a_pytest_method() {
    // when
    TestTarget t =
        TestTarget.at(
            ROOT.resolve("test_a.py"), "class TestA:\n    def test_x(self):\n        pass\n", 2);

    // then
    assertThat(t.container()).contains("TestA");
    assertThat(narrow("pytest", List.of("pytest", "-q"), t))
        .containsExactly("pytest", "-q", "test_a.py::TestA::test_x");
  }

  @Test
  void should_narrow_each_runner_its_own_way() {
    TestTarget java =
        new TestTarget(ROOT.resolve("src/T.java"), Optional.of("adds"), Optional.empty());
    assertThat(narrow("maven-test", List.of("mvn", "-B", "test"), java))
        .containsExactly(
            "mvn", "-B", "test", "-Dtest=T#adds", "-Dsurefire.failIfNoSpecifiedTests=false");
    TestTarget js =
        new TestTarget(ROOT.resolve("a.test.js"), Optional.of("adds (2+3)"), Optional.empty());
    assertThat(narrow("node-test", List.of("node", "--test"), js))
        .containsExactly("node", "--test", "--test-name-pattern=^adds \\(2\\+3\\)$", "a.test.js");
    TestTarget go =
        new TestTarget(ROOT.resolve("pkg/a_test.go"), Optional.of("TestA"), Optional.empty());
    assertThat(narrow("go-test", List.of("go", "test", "-json", "./..."), go))
        .containsExactly("go", "test", "-json", "./pkg", "-run=^TestA$");
    assertThat(TestSelection.narrow(tool("tests-0", List.of("npm", "test")), java)).isEmpty();
  }

  private static List<String> narrow(String id, List<String> argv, TestTarget t) {
    return TestSelection.narrow(tool(id, argv), t).orElseThrow().argv();
  }

  private static DetectedTool tool(String id, List<String> argv) {
    return new DetectedTool(id, DetectedTool.Kind.TEST, argv, ROOT, "junit-xml", "test");
  }
}

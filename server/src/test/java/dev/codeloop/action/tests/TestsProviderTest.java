package dev.codeloop.action.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.action.ActionAssert;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.FileEdit;
import dev.codeloop.action.StoreProjectFiles;
import dev.codeloop.document.DocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestsProviderTest {
  @TempDir Path root;

  private Path write(String relative, String content) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void should_create_a_junit5_test_in_the_maven_test_folder() throws Exception {
    // given
    write("pom.xml", "<project><artifactId>junit-jupiter</artifactId></project>");
    Path source = write("src/main/java/demo/Calc.java", "");
    ActionAssert a =
        ActionAssert.forText("class Calc {\n  int add(int a, int b) { return |a + b; }\n}\n")
            .inFile(source.toUri().toString(), "java")
            .withFiles(new StoreProjectFiles(new DocumentStore(), () -> List.of(root)))
            .withModelReply("```java\nclass CalcTest {}\n```");

    // when
    a.resolve("Generate unit tests with AI");

    // then
    a.expectPromptContaining("JUnit 5", "src/test/java/demo/CalcTest.java", "does not exist yet");
    FileEdit edit = ((ActionResult.Edits) a.result()).files().get(0);
    assertThat(edit).isInstanceOf(FileEdit.Create.class);
    assertThat(edit.uri())
        .isEqualTo(root.resolve("src/test/java/demo/CalcTest.java").toUri().toString());
    assertThat(((FileEdit.Create) edit).content()).isEqualTo("class CalcTest {}\n");
  }

  @Test
  void should_update_an_existing_test_file_with_a_minimal_diff() throws Exception {
    // given
    write("pyproject.toml", "[tool.pytest.ini_options]\n");
    Path source = write("pkg/calc.py", "");
    write("tests/test_calc.py", "def test_a():\n    assert True\n");
    ActionAssert a =
        ActionAssert.forText("def add(a, b):\n    return |a + b\n")
            .inFile(source.toUri().toString(), "python")
            .withFiles(new StoreProjectFiles(new DocumentStore(), () -> List.of(root)))
            .withModelReply(
                "```python\ndef test_a():\n    assert True\n\ndef test_add():\n    assert add(1, 2) == 3\n```");

    // when
    a.resolve("Generate unit tests with AI");

    // then
    a.expectPromptContaining("pytest", "tests/test_calc.py", "exists already");
    FileEdit.Change change = (FileEdit.Change) ((ActionResult.Edits) a.result()).files().get(0);
    assertThat(change.uri()).endsWith("tests/test_calc.py");
    assertThat(change.version()).isEqualTo(-1);
    assertThat(change.edits()).hasSize(1);
    assertThat(change.edits().get(0).text())
        .isEqualTo("\ndef test_add():\n    assert add(1, 2) == 3\n");
  }

  @Test
  void should_place_typescript_tests_next_to_the_source_with_vitest() throws Exception {
    // given
    write("package.json", "{\"devDependencies\":{\"vitest\":\"1\"}}");
    Path source = write("src/sum.ts", "");

    // when
    var target =
        new TestLocator(new StoreProjectFiles(new DocumentStore(), () -> List.of(root)))
            .locate(source, "typescript")
            .orElseThrow();

    // then
    assertThat(target.file()).isEqualTo(root.resolve("src/sum.test.ts"));
    assertThat(target.framework()).isEqualTo("Vitest");
  }

  @Test
  void should_put_go_tests_in_the_sibling_test_file() {
    // when
    var target =
        new TestLocator(new StoreProjectFiles(new DocumentStore(), () -> List.of(root)))
            .locate(root.resolve("calc.go"), "go")
            .orElseThrow();

    // then
    assertThat(target.file()).isEqualTo(root.resolve("calc_test.go"));
  }
}

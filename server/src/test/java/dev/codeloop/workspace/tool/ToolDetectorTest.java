package dev.codeloop.workspace.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.settings.ToolSettings;
import dev.codeloop.workspace.tool.DetectedTool.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolDetectorTest {
  @TempDir Path root;
  private final ToolDetector detector = new ToolDetector(name -> false);

  private void file(String name, String text) throws Exception {
    Path p = root.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private DetectedTool only(List<DetectedTool> tools, Kind kind) {
    List<DetectedTool> of = tools.stream().filter(t -> t.kind() == kind).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }

  @Test
  void should_use_an_executable_maven_wrapper() throws Exception {
    file("pom.xml", "<project/>");
    file("mvnw", "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        root.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));

    List<DetectedTool> tools = detector.detect(root);

    DetectedTool check = only(tools, Kind.CHECK);
    assertThat(check.argv()).first().isEqualTo(root.resolve("mvnw").toString());
    assertThat(check.parser()).isEqualTo("maven");
    assertThat(check.why()).contains("pom.xml and an executable ./mvnw");
    assertThat(only(tools, Kind.TEST).argv()).contains("test");
  }

  @Test
  void should_use_mvn_without_a_wrapper() throws Exception {
    file("pom.xml", "<project/>");

    List<DetectedTool> tools = detector.detect(root);

    assertThat(only(tools, Kind.CHECK).argv()).first().isEqualTo("mvn");
    assertThat(only(tools, Kind.CHECK).why()).contains("no ./mvnw");
  }

  @Test
  void should_detect_typescript_eslint_and_the_test_script() throws Exception {
    file("package.json", "{\"scripts\": {\"test\": \"vitest run\"}}");
    file("tsconfig.json", "{}");
    file("eslint.config.js", "export default [];");

    List<DetectedTool> tools = detector.detect(root);

    assertThat(tools.stream().filter(t -> t.kind() == Kind.CHECK).map(DetectedTool::parser))
        .containsExactly("tsc", "eslint");
    assertThat(only(tools, Kind.TEST).argv()).containsExactly("npm", "test", "--silent");
  }

  @Test
  void should_fall_back_to_node_test_without_a_test_script() throws Exception {
    file(
        "package.json",
        "{\"scripts\": {\"test\": \"echo \\\"Error: no test specified\\\" && exit 1\"}}");

    List<DetectedTool> tools = detector.detect(root);

    assertThat(tools.stream().filter(t -> t.kind() == Kind.CHECK)).isEmpty();
    assertThat(only(tools, Kind.TEST).argv()).containsExactly("node", "--test");
  }

  @Test
  void should_detect_configured_python_tools() throws Exception {
    file("pyproject.toml", "[tool.ruff]\nline-length = 100\n[tool.pytest.ini_options]\n");

    List<DetectedTool> tools = detector.detect(root);

    assertThat(only(tools, Kind.CHECK).parser()).isEqualTo("ruff");
    assertThat(only(tools, Kind.TEST).parser()).isEqualTo("junit-xml");
    assertThat(only(tools, Kind.TEST).argv()).contains("--junitxml=.codeloop/pytest-junit.xml");
  }

  @Test
  void should_detect_python_tools_on_the_path() throws Exception {
    file("pyproject.toml", "[project]\nname = \"x\"\n");
    ToolDetector withPath = new ToolDetector(Set.of("flake8", "mypy")::contains);

    List<DetectedTool> tools = withPath.detect(root);

    assertThat(tools).extracting(DetectedTool::parser).containsExactly("flake8", "mypy");
    assertThat(tools.get(0).why()).contains("on the PATH");
  }

  @Test
  void should_detect_cargo() throws Exception {
    file("Cargo.toml", "[package]\nname = \"x\"\n");

    List<DetectedTool> tools = detector.detect(root);

    assertThat(only(tools, Kind.CHECK).argv()).contains("--message-format=json");
    assertThat(only(tools, Kind.CHECK).parser()).isEqualTo("cargo-json");
    assertThat(only(tools, Kind.TEST).argv()).startsWith("cargo", "test");
  }

  @Test
  void should_use_makefile_targets_only_for_kinds_nothing_else_provides() throws Exception {
    file("Makefile", "VAR := 1\ncheck:\n\tcc -c a.c\ntest: build\n\t./run\n");

    assertThat(detector.detect(root))
        .extracting(DetectedTool::argv)
        .containsExactly(List.of("make", "check"), List.of("make", "test"));

    file("go.mod", "module x\n");
    assertThat(detector.detect(root))
        .extracting(DetectedTool::id)
        .containsExactly("go-vet", "go-test");
  }

  @Test
  void should_let_settings_replace_the_detected_tools_of_their_kind() throws Exception {
    file("pom.xml", "<project/>");
    ToolSettings settings =
        new ToolSettings(
            Optional.of(
                List.of(new ToolSettings.Command(List.of("sh", "lint.sh"), "javac", "sub"))),
            Optional.empty(),
            600,
            false,
            ToolSettings.UnsavedBuffers.OVERLAY,
            false);

    List<DetectedTool> tools = detector.detect(root, settings);

    DetectedTool check = only(tools, Kind.CHECK);
    assertThat(check.argv()).containsExactly("sh", "lint.sh");
    assertThat(check.workingDirectory()).isEqualTo(root.resolve("sub"));
    assertThat(check.why()).isEqualTo("tools.checks[0] in the settings");
    assertThat(only(tools, Kind.TEST).id()).isEqualTo("maven-test");
  }

  @Test
  void should_find_nothing_in_an_empty_folder() {
    assertThat(detector.detect(root)).isEmpty();
  }
}

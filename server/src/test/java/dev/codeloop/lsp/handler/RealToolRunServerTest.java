package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.workspace.tool.parse.Parsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tools on fixture projects through the real parsers: javac's compile error and a failing
 * {@code node --test} test become diagnostics at their lines (javac comes with the JDK that runs
 * the build; node is installed by .ci/run for the editor-client tests).
 */
@DisabledOnOs(OS.WINDOWS)
class RealToolRunServerTest {
  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void start(String tools) throws Exception {
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers = new Parsers()::forTool;
    caps.settingsJson = "{\"trustedWorkspaces\": [\"" + root + "\"], \"tools\": " + tools + "}";
    h = ServerHarness.start(root, caps);
  }

  @Test
  void should_turn_a_real_javac_error_into_a_check_diagnostic_at_its_line_and_column()
      throws Exception {
    // given
    Files.createDirectories(root.resolve("src/demo"));
    Path a = root.resolve("src/demo/A.java");
    Files.writeString(a, "package demo;\n\nclass A {\n  int x = missing();\n}\n");
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    start(
        "{\"checks\": [{\"command\": [\""
            + javac
            + "\", \"-d\", \"out\", \"src/demo/A.java\"], \"parser\": \"javac\"}]}");

    // when
    JsonObject summary = h.command("codeloop.runChecks");

    // then
    List<Diagnostic> d = h.lastDiagnostics(a.toUri().toString());
    assertThat(d).hasSize(1);
    assertThat(d.get(0).getSource()).isEqualTo("codeloop:check");
    assertThat(d.get(0).getRange().getStart().getLine()).isEqualTo(3);
    assertThat(d.get(0).getRange().getStart().getCharacter()).isEqualTo(10);
    assertThat(d.get(0).getMessage().getLeft()).contains("cannot find symbol");
    assertThat(summary.getAsJsonObject("counts").get("findings").getAsInt()).isEqualTo(1);
  }

  @Test
  void should_turn_a_real_failing_node_test_into_a_test_diagnostic() throws Exception {
    // given
    Path test = root.resolve("math.test.js");
    Files.writeString(
        test,
        "const test = require('node:test');\n"
            + "const assert = require('node:assert');\n"
            + "test('adds', () => {\n"
            + "  assert.strictEqual(1 + 1, 3);\n"
            + "});\n");
    start("{\"tests\": [{\"command\": [\"node\", \"--test\"], \"parser\": \"node-test\"}]}");

    // when
    JsonObject summary = h.command("codeloop.runTests");

    // then
    List<Diagnostic> d = h.lastDiagnostics(test.toUri().toString());
    assertThat(d).isNotEmpty();
    assertThat(d.get(0).getSource()).isEqualTo("codeloop:test");
    assertThat(d.get(0).getRange().getStart().getLine()).isEqualTo(3);
    assertThat(d.get(0).getMessage().getLeft()).contains("adds");
    assertThat(summary.getAsJsonObject("counts").get("findings").getAsInt()).isPositive();
  }
}

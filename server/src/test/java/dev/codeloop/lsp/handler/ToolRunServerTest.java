package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.parse.OutputParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * codeloop.runChecks over the wire: a trusted workspace's check becomes diagnostics; an untrusted
 * one runs nothing.
 */
@DisabledOnOs(OS.WINDOWS)
class ToolRunServerTest {
  /** A test-only parser of {@code file:line:col: message} lines. */
  static final OutputParser SIMPLE =
      new OutputParser() {
        private final Pattern line = Pattern.compile("(?m)^([^:\\n]+):(\\d+):(\\d+): (.*)$");

        @Override
        public List<Finding> parse(String output, Path workingDirectory) {
          List<Finding> out = new ArrayList<>();
          Matcher m = line.matcher(output);
          while (m.find()) {
            out.add(
                new Finding(
                    workingDirectory.resolve(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    0,
                    0,
                    Finding.Severity.ERROR,
                    m.group(4),
                    "",
                    Finding.Kind.CHECK,
                    "simple"));
          }
          return out;
        }
      };

  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void start(boolean trusted) throws Exception {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/A.java"), "class A {\n  int x = ;\n}\n");
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers = id -> id.equals("simple") ? Optional.of(SIMPLE) : Optional.empty();
    caps.settingsJson =
        "{"
            + (trusted ? "\"trustedWorkspaces\": [\"" + root + "\"]," : "")
            + "\"tools\": {\"checks\": [{\"command\": [\"sh\", \"check.sh\"], \"parser\": \"simple\"}]}}";
    h = ServerHarness.start(root, caps);
  }

  @Test
  void should_publish_a_check_finding_and_clear_it_on_a_clean_run() throws Exception {
    // given
    start(true);
    Files.writeString(root.resolve("check.sh"), "echo 'src/A.java:2:5: broken'\nexit 1\n");
    String uri = root.resolve("src/A.java").toUri().toString();

    // when
    JsonObject summary = h.command("codeloop.runChecks");

    // then
    List<Diagnostic> diagnostics = h.lastDiagnostics(uri);
    assertThat(diagnostics).hasSize(1);
    Diagnostic d = diagnostics.get(0);
    assertThat(d.getRange().getStart().getLine()).isEqualTo(1);
    assertThat(d.getRange().getStart().getCharacter()).isEqualTo(4);
    assertThat(d.getSource()).isEqualTo("codeloop:check");
    assertThat(d.getMessage().getLeft()).isEqualTo("broken");
    assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
    assertThat(summary.getAsJsonObject("counts").get("findings").getAsInt()).isEqualTo(1);
    assertThat(summary.getAsJsonArray("tools").get(0).getAsJsonObject().get("exitCode").getAsInt())
        .isEqualTo(1);
    assertThat(
            summary
                .getAsJsonArray("firstFailures")
                .get(0)
                .getAsJsonObject()
                .get("message")
                .getAsString())
        .isEqualTo("broken");

    // and when the check passes, the file is cleared
    Files.writeString(root.resolve("check.sh"), "exit 0\n");
    h.client.diagnostics.clear();
    JsonObject clean = h.command("codeloop.runChecks");
    assertThat(h.lastDiagnostics(uri)).isEmpty();
    assertThat(clean.getAsJsonObject("counts").get("findings").getAsInt()).isZero();
  }

  @Test
  void should_refuse_an_untrusted_workspace_and_run_nothing() throws Exception {
    // given
    start(false);
    Path marker = root.resolve("ran");
    Files.writeString(root.resolve("check.sh"), "touch '" + marker + "'\n");

    // when / then
    assertThatThrownBy(() -> h.command("codeloop.runChecks"))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("not trusted")
        .hasMessageContaining("codeloop.trustWorkspace");
    Thread.sleep(200);
    assertThat(marker).doesNotExist();
    assertThat(h.client.diagnostics).isEmpty();
  }

  @Test
  void should_show_the_configured_tools_and_the_trust() throws Exception {
    start(false);

    JsonObject shown = h.command("codeloop.showTools");
    assertThat(shown.get("trusted").getAsBoolean()).isFalse();
    JsonObject tool =
        shown
            .getAsJsonArray("roots")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("tools")
            .get(0)
            .getAsJsonObject();
    assertThat(tool.get("why").getAsString()).isEqualTo("tools.checks[0] in the settings");
    assertThat(tool.get("parserAvailable").getAsBoolean()).isTrue();
    // and as a document to read
    assertThat(shown.get("shown").getAsBoolean()).isFalse();
    assertThat(shown.get("markdown").getAsString())
        .startsWith("# Checks and tests")
        .contains("**Not trusted**")
        .contains("| check | `")
        .contains("tools.checks[0] in the settings");
  }
}

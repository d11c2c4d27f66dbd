package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.tool.parse.Parsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * codeloop.fixFailingTests over the wire with real {@code node --test} runs and a scripted model: a
 * fix that converges in round 2, a model that never fixes it, an untrusted workspace, a reply
 * naming a file outside the workspace.
 */
@DisabledOnOs(OS.WINDOWS)
class FixLoopServerTest {
  private static final String BUGGY = "exports.add = (a, b) => a - b;\n";
  private static final String STILL_BUGGY = "exports.add = (a, b) => a * b;\n";
  private static final String FIXED = "exports.add = (a, b) => a + b;\n";

  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void start(boolean trusted) throws Exception {
    start(trusted, "");
  }

  private void start(boolean trusted, String extraSettings) throws Exception {
    Files.writeString(root.resolve("math.js"), BUGGY);
    Files.writeString(
        root.resolve("math.test.js"),
        "const test = require('node:test');\n"
            + "const assert = require('node:assert');\n"
            + "const { add } = require('./math.js');\n"
            + "test('adds', () => {\n"
            + "  assert.strictEqual(add(2, 3), 5);\n"
            + "});\n");
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers = new Parsers()::forTool;
    caps.settingsJson =
        "{"
            + (trusted ? "\"trustedWorkspaces\": [\"" + root + "\"]," : "")
            + "\"tools\": {\"tests\": [{\"command\": [\"node\", \"--test\"],"
            + " \"parser\": \"node-test\"}]}"
            + extraSettings
            + "}";
    h = ServerHarness.start(root, caps);
  }

  private static String block(String text) {
    return "Here is the fix.\n\n**math.js**\n```js\n" + text + "```\n";
  }

  @Test
  void should_converge_in_round_2_when_the_second_reply_fixes_the_bug() throws Exception {
    // given
    start(true);
    h.models.reply(block(STILL_BUGGY), block(FIXED));

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests");

    // then
    assertThat(summary.get("green").getAsBoolean()).isTrue();
    assertThat(summary.get("rounds").getAsInt()).isEqualTo(2);
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(FIXED);
    assertThat(summary.get("summary").getAsString())
        .contains("The tests pass")
        .contains("round 2: changed `math.js`");
    assertThat(h.models.requests()).hasSize(2);
    assertThat(h.models.requests().get(0).task()).isEqualTo(Task.FIX_TESTS);
    assertThat(h.models.lastPrompt()).contains("math.test.js:5").contains("add(2, 3)");
    String testUri = root.resolve("math.test.js").toUri().toString();
    List<PublishDiagnosticsParams> published =
        h.client.diagnostics.stream().filter(p -> p.getUri().equals(testUri)).toList();
    assertThat(published).isNotEmpty();
    assertThat(published.get(published.size() - 1).getDiagnostics()).isEmpty();
    assertThat(h.client.applyEdits).hasSize(2);
  }

  @Test
  void should_never_put_a_private_files_code_into_the_fix_prompt() throws Exception {
    // given: the failing test file is excluded from what is sent to models
    start(true, ", \"privacy\": {\"excludeGlobs\": [\"**/*.test.js\"]}");
    h.models.reply(block(FIXED));

    // when
    h.command("codeloop.fixFailingTests");

    // then: the failure is named, but the test file's code is not in the prompt
    assertThat(h.models.lastPrompt()).contains("math.test.js:5").doesNotContain("add(2, 3)");
  }

  @Test
  void should_stop_at_the_budget_with_an_honest_summary_when_the_model_never_fixes_it()
      throws Exception {
    // given
    start(true);
    h.models.reply(block(STILL_BUGGY));
    JsonObject options = new JsonObject();
    options.addProperty("maxRounds", 2);

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests", options);

    // then
    assertThat(summary.get("green").getAsBoolean()).isFalse();
    assertThat(summary.get("rounds").getAsInt()).isEqualTo(2);
    assertThat(summary.get("stopped").getAsString()).contains("budget of 2 rounds");
    assertThat(summary.getAsJsonArray("stillFailing")).isNotEmpty();
    assertThat(summary.get("summary").getAsString()).contains("Stopped after 2 round(s)");
    assertThat(h.models.requests()).hasSize(2);
  }

  @Test
  void should_refuse_an_untrusted_workspace_and_run_nothing() throws Exception {
    // given
    start(false);
    h.models.reply(block(FIXED));

    // when
    Throwable t = catchThrowable(() -> h.command("codeloop.fixFailingTests"));

    // then
    assertThat(t).hasMessageContaining("not trusted");
    assertThat(h.models.requests()).isEmpty();
    assertThat(h.client.applyEdits).isEmpty();
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(BUGGY);
  }

  @Test
  void should_refuse_a_reply_naming_a_file_outside_the_workspace() throws Exception {
    // given
    start(true);
    h.models.reply("**../outside.js**\n```js\n" + FIXED + "```\n");

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests");

    // then
    assertThat(summary.get("green").getAsBoolean()).isFalse();
    assertThat(summary.get("stopped").getAsString())
        .contains("refused")
        .contains("outside the workspace folders");
    assertThat(h.client.applyEdits).isEmpty();
    assertThat(Files.exists(root.getParent().resolve("outside.js"))).isFalse();
  }
}

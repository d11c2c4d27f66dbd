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
    assertThat(summary.get("markdown").getAsString())
        .contains("Stopped: the budget of 2 rounds")
        .contains("## Still failing");
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

  private static final String PLAN_JSON =
      "{\"summary\": \"Fix add, then add sub.\", \"modules\": [\"math.js\"],"
          + " \"interfaces\": [\"sub(a, b)\"], \"dataFlow\": \"numbers in, number out\","
          + " \"testStrategy\": \"node --test\", \"steps\": ["
          + "{\"title\": \"Fix add\", \"detail\": \"return the sum\", \"files\": [\"math.js\"]},"
          + "{\"title\": \"Add sub\", \"detail\": \"export sub\", \"files\": [\"math.js\"]}],"
          + " \"risks\": []}";

  private static final String WITH_SUB = FIXED + "exports.sub = (a, b) => a - b;\n";

  @Test
  void should_plan_a_goal_then_implement_it_step_by_step_then_run_the_tests() throws Exception {
    // given: the plan route answers a two-step plan, the implement route one reply per step
    start(true);
    h.models.reply(PLAN_JSON, block(FIXED), block(WITH_SUB));

    // when
    JsonObject summary = h.command("codeloop.implement", "Fix add and add sub");

    // then: planned, both steps applied one edit each, the tests ran green
    assertThat(summary.get("green").getAsBoolean()).isTrue();
    assertThat(summary.get("steps").getAsInt()).isEqualTo(2);
    assertThat(summary.get("stepsDone").getAsInt()).isEqualTo(2);
    assertThat(summary.get("rounds").getAsInt()).isZero();
    assertThat(h.models.requests())
        .extracting(r -> r.task())
        .containsExactly(Task.PLAN, Task.IMPLEMENT, Task.IMPLEMENT);
    assertThat(h.models.lastPrompt())
        .contains("Do only step 2")
        .contains("Add sub")
        .contains("Current `math.js`")
        .contains(FIXED.strip());
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(WITH_SUB);
    assertThat(h.client.applyEdits).hasSize(2);
    assertThat(h.client.applyEdits.get(1).getLabel()).contains("step 2/2");
    // the plan and the summary are saved in the workspace
    Path plan = Path.of(java.net.URI.create(summary.get("planUri").getAsString()));
    assertThat(plan.getParent()).isEqualTo(root.resolve(".codeloop/plans"));
    assertThat(Files.readString(plan))
        .contains("## Test strategy")
        .contains("1. **Fix add**")
        .contains("2. **Add sub**");
    Path saved = Path.of(java.net.URI.create(summary.get("summaryUri").getAsString()));
    assertThat(Files.readString(saved))
        .contains("The tests pass")
        .contains("Steps implemented: 2 of 2");
    assertThat(summary.get("markdown").getAsString())
        .contains("step 1/2 (Fix add): changed `math.js`");
  }

  @Test
  void should_follow_a_saved_plan_as_the_user_edited_it() throws Exception {
    // given: a plan the user wrote (one step), and no plan route needed
    start(true);
    Path plan = root.resolve(".codeloop/plans/mine.md");
    Files.createDirectories(plan.getParent());
    Files.writeString(plan, "# My plan\n\n## Steps\n\n1. **Return the sum** in `math.js`\n");
    h.models.reply(block(FIXED));

    // when
    JsonObject summary = h.command("codeloop.implement", ".codeloop/plans/mine.md");

    // then
    assertThat(summary.get("green").getAsBoolean()).isTrue();
    assertThat(h.models.requests()).extracting(r -> r.task()).containsExactly(Task.IMPLEMENT);
    assertThat(h.models.lastPrompt()).contains("Do only step 1").contains("Return the sum");
    assertThat(Files.readString(root.resolve(".codeloop/plans/mine-result.md")))
        .contains("The tests pass");
  }

  @Test
  void should_not_overwrite_what_the_user_typed_while_the_model_worked() throws Exception {
    // given: math.js is open, and the model is slow
    start(true);
    String uri = root.resolve("math.js").toUri().toString();
    h.client.open(uri, "javascript", BUGGY);
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    h.models.reply(block(FIXED)).blockOn(gate);

    // when: the loop waits on the model, the user types in math.js, then the model answers
    java.util.concurrent.CompletableFuture<Object> running =
        h.commandAsync("codeloop.fixFailingTests");
    assertThat(h.models.awaitCall(60_000)).isTrue();
    h.client.type(uri, "// the user's own work\n" + BUGGY);
    Thread.sleep(200);
    gate.countDown();
    JsonObject summary =
        new com.google.gson.Gson()
            .toJsonTree(running.get(120, java.util.concurrent.TimeUnit.SECONDS))
            .getAsJsonObject();

    // then: nothing was applied and the user's text is intact
    assertThat(summary.get("green").getAsBoolean()).isFalse();
    assertThat(summary.get("stopped").getAsString()).contains("conflict");
    assertThat(h.client.applyEdits).isEmpty();
    assertThat(h.client.text(uri)).startsWith("// the user's own work");
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(BUGGY);
  }

  @Test
  void should_kill_the_test_process_tree_and_change_nothing_when_cancelled_mid_run()
      throws Exception {
    // given: a test command that hangs (and says its process id)
    Path pid = root.resolve("pid");
    Files.writeString(root.resolve("math.js"), BUGGY);
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers = new Parsers()::forTool;
    caps.settingsJson =
        "{\"trustedWorkspaces\": [\""
            + root
            + "\"], \"tools\": {\"tests\": [{\"command\": [\"sh\", \"-c\","
            + " \"echo $$ > pid; sleep 120\"]}]}}";
    h = ServerHarness.start(root, caps);

    // when: the run is cancelled while the tests run
    java.util.concurrent.CompletableFuture<Object> running =
        h.commandAsync("codeloop.fixFailingTests");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!(Files.exists(pid) && !Files.readString(pid).isBlank())
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long testPid = Long.parseLong(Files.readString(pid).strip());
    running.cancel(true);

    // then: the process is gone, nothing was asked or applied
    deadline = System.nanoTime() + 10_000_000_000L;
    while (ProcessHandle.of(testPid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(testPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(h.models.requests()).isEmpty();
    assertThat(h.client.applyEdits).isEmpty();
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(BUGGY);
  }

  @Test
  void should_stop_when_the_token_budget_is_spent() throws Exception {
    // given
    start(true);
    h.models.reply(block(STILL_BUGGY));
    JsonObject options = new JsonObject();
    options.addProperty("maxTokens", 10);

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests", options);

    // then: one round spent more than 10 tokens (estimated: the fake reports no usage)
    assertThat(summary.get("green").getAsBoolean()).isFalse();
    assertThat(summary.get("rounds").getAsInt()).isEqualTo(1);
    assertThat(summary.get("stopped").getAsString()).contains("10 model tokens");
    assertThat(summary.get("tokens").getAsLong()).isGreaterThan(10);
  }

  @Test
  void should_take_the_round_budget_from_the_workflow_settings() throws Exception {
    // given
    start(true, ", \"workflow\": {\"maxRounds\": 1}");
    h.models.reply(block(STILL_BUGGY));

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests");

    // then
    assertThat(summary.get("rounds").getAsInt()).isEqualTo(1);
    assertThat(summary.get("stopped").getAsString()).contains("budget of 1 rounds");
  }

  @Test
  void should_plan_a_workspace_goal_and_save_the_plan() throws Exception {
    // given
    start(false);
    h.models.reply(PLAN_JSON);

    // when: no document: a workspace-level plan (nothing runs, so no trust is needed)
    JsonObject result = h.command("codeloop.plan", "Fix add and add sub");

    // then
    assertThat(result.get("markdown").getAsString())
        .contains("## Modules")
        .contains("## Data flow")
        .contains("1. **Fix add**");
    assertThat(h.models.lastPrompt()).contains("- math.js").contains("- math.test.js");
    Path plan = Path.of(java.net.URI.create(result.get("planUri").getAsString()));
    assertThat(plan).startsWith(root.resolve(".codeloop/plans"));
    assertThat(Files.readString(plan)).isEqualTo(result.get("markdown").getAsString());
  }

  @Test
  void should_refuse_to_save_a_plan_through_a_link_out_of_the_workspace(@TempDir Path elsewhere)
      throws Exception {
    // given: a hostile workspace whose .codeloop links outside
    Files.createSymbolicLink(root.resolve(".codeloop"), elsewhere);
    start(false);
    h.models.reply(PLAN_JSON);

    // when
    JsonObject result = h.command("codeloop.plan", "Fix add");

    // then: the plan is answered, not written outside
    assertThat(result.get("markdown").getAsString()).contains("Fix add");
    assertThat(result.has("planUri")).isFalse();
    assertThat(result.get("saveError").getAsString()).contains("outside the workspace folders");
    try (var files = Files.walk(elsewhere)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }
}

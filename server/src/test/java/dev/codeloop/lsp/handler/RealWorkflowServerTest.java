package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.codeloop.workspace.tool.parse.Parsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow commands on fixture projects with the real tools, detected as a user's project would
 * be (no tools settings): a Maven project (system {@code mvn}, Surefire's XML reports) and a pytest
 * project ({@code --junitxml}); a scripted model supplies the fixes. .ci/run installs Maven, pytest
 * and Node.
 */
@DisabledOnOs(OS.WINDOWS)
class RealWorkflowServerTest {
  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void start(boolean trusted) throws Exception {
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers = new Parsers()::forTool;
    caps.settingsJson = trusted ? "{\"trustedWorkspaces\": [\"" + root + "\"]}" : "{}";
    h = ServerHarness.start(root, caps);
  }

  private static final String CALC_BUGGY =
      "package demo;\n\npublic class Calc {\n  public static int add(int a, int b) {\n"
          + "    return a - b;\n  }\n}\n";
  private static final String CALC_FIXED = CALC_BUGGY.replace("a - b", "a + b");

  private void mavenProject() throws Exception {
    Files.createDirectories(root.resolve("src/main/java/demo"));
    Files.createDirectories(root.resolve("src/test/java/demo"));
    Files.writeString(
        root.resolve("pom.xml"),
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
            + "<groupId>demo</groupId><artifactId>calc</artifactId><version>1</version>"
            + "<properties><maven.compiler.release>17</maven.compiler.release>"
            + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>"
            + "<dependencies><dependency><groupId>org.junit.jupiter</groupId>"
            + "<artifactId>junit-jupiter</artifactId><version>6.1.3</version>"
            + "<scope>test</scope></dependency></dependencies><build><plugins>"
            + "<plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version>"
            + "</plugin><plugin><artifactId>maven-compiler-plugin</artifactId>"
            + "<version>3.16.0</version></plugin><plugin>"
            + "<artifactId>maven-surefire-plugin</artifactId><version>3.6.1</version></plugin>"
            + "</plugins></build></project>\n");
    Files.writeString(root.resolve("src/main/java/demo/Calc.java"), CALC_BUGGY);
    Files.writeString(
        root.resolve("src/test/java/demo/CalcTest.java"),
        "package demo;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\n"
            + "import org.junit.jupiter.api.Test;\n\nclass CalcTest {\n  @Test\n  void adds() {\n"
            + "    assertEquals(5, Calc.add(2, 3));\n  }\n\n  @Test\n  void addsZero() {\n"
            + "    assertEquals(2, Calc.add(2, 0));\n  }\n}\n");
  }

  @Test
  void should_fix_a_failing_maven_test_through_the_detected_mvn_test_and_clear_its_diagnostic()
      throws Exception {
    // given: a Maven project whose add subtracts; the model fixes it in round 1
    mavenProject();
    start(true);
    h.models.reply("**src/main/java/demo/Calc.java**\n```java\n" + CALC_FIXED + "```\n");

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests");

    // then: the first run failed at the assertion in the test, the fix made it pass
    assertThat(summary.get("green").getAsBoolean()).as(summary.toString()).isTrue();
    assertThat(summary.get("rounds").getAsInt()).isEqualTo(1);
    assertThat(h.models.lastPrompt())
        .contains("CalcTest.java:10")
        .contains("expected: <5> but was: <-1>");
    assertThat(Files.readString(root.resolve("src/main/java/demo/Calc.java")))
        .isEqualTo(CALC_FIXED);
    assertThat(h.lastDiagnostics(h.uri("src/test/java/demo/CalcTest.java"))).isEmpty();
  }

  @Test
  void should_run_only_the_test_at_the_cursor_with_surefire_selection() throws Exception {
    // given: addsZero passes even with the bug; adds fails
    mavenProject();
    start(true);
    JsonObject atAddsZero = new JsonObject();
    atAddsZero.addProperty("line", 14);

    // when
    JsonObject summary =
        h.command("codeloop.runTests", h.uri("src/test/java/demo/CalcTest.java"), atAddsZero);

    // then
    JsonArray command =
        summary.getAsJsonArray("tools").get(0).getAsJsonObject().getAsJsonArray("command");
    assertThat(command.toString()).contains("-Dtest=CalcTest#addsZero");
    assertThat(summary.getAsJsonObject("target").get("test").getAsString()).isEqualTo("addsZero");
    assertThat(summary.getAsJsonObject("counts").get("failedTools").getAsInt()).isZero();
  }

  @Test
  void should_fix_a_failing_pytest_test_narrowed_to_that_test() throws Exception {
    // given: a pytest project (configured in pyproject.toml)
    Files.writeString(root.resolve("pyproject.toml"), "[tool.pytest.ini_options]\n");
    Files.writeString(
        root.resolve("stats.py"), "def mean(xs):\n    return sum(xs) / (len(xs) + 1)\n");
    Path test = root.resolve("test_stats.py");
    Files.writeString(
        test,
        "from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n\n\n"
            + "def test_other():\n    assert True\n");
    start(true);
    h.models.reply("stats.py\n```python\ndef mean(xs):\n    return sum(xs) / len(xs)\n```\n");
    JsonObject options = new JsonObject();
    options.addProperty("uri", test.toUri().toString());
    options.addProperty("line", 4);

    // when
    JsonObject summary = h.command("codeloop.fixFailingTests", options);

    // then
    assertThat(summary.get("green").getAsBoolean()).as(summary.toString()).isTrue();
    assertThat(h.models.lastPrompt()).contains("test_stats.py:5").contains("assert");
    assertThat(Files.readString(root.resolve("stats.py"))).contains("/ len(xs)");
  }

  @Test
  void should_offer_run_and_fix_actions_at_a_failing_test_and_disable_them_when_untrusted()
      throws Exception {
    // given: a failing node test, published as a codeloop:test diagnostic
    Files.writeString(root.resolve("package.json"), "{\"name\": \"m\"}\n");
    Path test = root.resolve("math.test.js");
    String text =
        "const test = require('node:test');\nconst assert = require('node:assert');\n"
            + "test('adds', () => {\n  assert.strictEqual(1 + 1, 3);\n});\n";
    Files.writeString(test, text);
    start(true);
    h.command("codeloop.runTests");
    List<Diagnostic> failing = h.lastDiagnostics(test.toUri().toString());
    assertThat(failing).isNotEmpty();
    h.client.open(test.toUri().toString(), "javascript", text);

    // when
    List<CodeAction> actions = actions(test, failing);

    // then
    assertThat(actions)
        .extracting(CodeAction::getTitle)
        .contains("Fix this failing test with AI", "Run this test again");
    CodeAction fix =
        actions.stream().filter(a -> a.getTitle().startsWith("Fix this failing")).findFirst().get();
    assertThat(fix.getCommand().getCommand()).isEqualTo("codeloop.fixFailingTests");
    assertThat(fix.getDiagnostics()).hasSize(1);
    assertThat(fix.getDisabled()).isNull();
    // and on the test's declaration, without a diagnostic: "Run this test"
    assertThat(actionsAt(test, 2, List.of()))
        .extracting(CodeAction::getTitle)
        .contains("Run this test");
  }

  @Test
  void should_disable_the_test_actions_in_an_untrusted_workspace() throws Exception {
    // given
    Path test = root.resolve("math.test.js");
    String text = "const test = require('node:test');\ntest('adds', () => {});\n";
    Files.writeString(test, text);
    start(false);
    h.client.open(test.toUri().toString(), "javascript", text);

    // when
    List<CodeAction> actions = actionsAt(test, 1, List.of());

    // then
    CodeAction run =
        actions.stream().filter(a -> a.getTitle().equals("Run this test")).findFirst().get();
    assertThat(run.getDisabled().getReason()).contains("not trusted");
  }

  private List<CodeAction> actions(Path file, List<Diagnostic> diagnostics) throws Exception {
    return actionsAt(file, diagnostics.get(0).getRange().getStart().getLine(), diagnostics);
  }

  private List<CodeAction> actionsAt(Path file, int line, List<Diagnostic> diagnostics)
      throws Exception {
    Range range = new Range(new Position(line, 2), new Position(line, 2));
    List<Either<Command, CodeAction>> out =
        h.server
            .getTextDocumentService()
            .codeAction(
                new CodeActionParams(
                    new TextDocumentIdentifier(file.toUri().toString()),
                    range,
                    new CodeActionContext(diagnostics)))
            .get(10, TimeUnit.SECONDS);
    return out.stream().filter(Either::isRight).map(Either::getRight).toList();
  }

  private static final String ADD_BUGGY = "exports.add = (a, b) => a - b;\n";
  private static final String ADD_FIXED = "exports.add = (a, b) => a + b;\n";

  private void nodeProject(String settings) throws Exception {
    Files.writeString(root.resolve("math.js"), ADD_BUGGY);
    Files.writeString(
        root.resolve("math.test.js"),
        "const test = require('node:test');\nconst assert = require('node:assert');\n"
            + "const { add } = require('./math.js');\n"
            + "test('adds', () => {\n  assert.strictEqual(add(2, 3), 5);\n});\n");
    startWithTests("{\"command\": [\"node\", \"--test\"], \"parser\": \"node-test\"}", settings);
  }

  /**
   * Starts the server on the trusted root with {@code test} (one entry of {@code tools.tests},
   * JSON) as its test command and {@code moreTools} (JSON members, each after a comma) in {@code
   * tools}.
   */
  private void startWithTests(String test, String moreTools) throws Exception {
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers = new Parsers()::forTool;
    caps.settingsJson =
        "{\"trustedWorkspaces\": [\""
            + root
            + "\"], \"tools\": {\"tests\": ["
            + test
            + "]"
            + moreTools
            + "}}";
    h = ServerHarness.start(root, caps);
  }

  @Test
  void should_run_the_tests_on_the_unsaved_buffer_in_a_shadow_copy_and_leave_the_file_alone()
      throws Exception {
    // given: the editor holds the fix, unsaved
    nodeProject("");
    h.client.open(h.uri("math.js"), "javascript", ADD_FIXED);

    // when
    JsonObject summary = h.command("codeloop.runTests");

    // then: the tests saw the buffer; the saved file is untouched
    assertThat(summary.getAsJsonObject("counts").get("failedTools").getAsInt())
        .as(summary.toString())
        .isZero();
    assertThat(summary.getAsJsonArray("overlaid").toString()).contains("math.js");
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(ADD_BUGGY);
  }

  @Test
  void should_delete_the_shadow_copy_when_the_session_ends(@TempDir Path outside) throws Exception {
    // given: a run on an unsaved buffer, whose test command says where it ran
    Path cwd = outside.resolve("cwd");
    Files.writeString(root.resolve("math.js"), ADD_BUGGY);
    startWithTests("{\"command\": [\"sh\", \"-c\", \"pwd > " + cwd + "\"]}", "");
    h.client.open(h.uri("math.js"), "javascript", ADD_FIXED);
    h.command("codeloop.runTests");
    Path copy = Path.of(Files.readString(cwd).strip());
    assertThat(copy).isNotEqualTo(root.toRealPath());
    assertThat(copy.resolve("math.js")).hasContent(ADD_FIXED);

    // when the editor goes away
    h.close();
    h = null;

    // then the copy of the user's code is gone with the session
    assertThat(copy).doesNotExist();
  }

  @Test
  void should_not_prepare_or_start_a_run_cancelled_while_it_waited_for_the_shadow_copy(
      @TempDir Path outside) throws Exception {
    // given: a test command that logs each start and holds the copy until released
    Path log = outside.resolve("starts.log");
    Path release = outside.resolve("release");
    Files.writeString(root.resolve("math.js"), ADD_BUGGY);
    startWithTests(
        "{\"command\": [\"sh\", \"-c\", \"echo run >> "
            + log
            + "; while [ ! -f "
            + release
            + " ]; do sleep 0.05; done\"]}",
        "");
    h.client.open(h.uri("math.js"), "javascript", ADD_FIXED); // unsaved: runs in the copy
    var first = h.commandAsync("codeloop.runTests");
    awaitLines(log, 1);

    // when: a second run waits for the copy and is cancelled; the first ends; a third runs
    var second = h.commandAsync("codeloop.runTests");
    second.cancel(true);
    Files.writeString(release, "");
    first.get(60, TimeUnit.SECONDS);
    h.command("codeloop.runTests");

    // then: the cancelled run never started its tool (the copy went from the first to the third)
    assertThat(Files.readAllLines(log)).hasSize(2);
  }

  private static void awaitLines(Path file, int lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(Files.exists(file) && Files.readAllLines(file).size() >= lines)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readAllLines(file)).hasSize(lines);
  }

  @Test
  void should_run_the_tests_on_the_saved_files_when_told_to() throws Exception {
    // given
    nodeProject(", \"unsavedBuffers\": \"disk\"");
    h.client.open(h.uri("math.js"), "javascript", ADD_FIXED);

    // when
    JsonObject summary = h.command("codeloop.runTests");

    // then
    assertThat(summary.getAsJsonObject("counts").get("failedTools").getAsInt()).isEqualTo(1);
    assertThat(summary.has("overlaid")).isFalse();
  }

  @Test
  void should_say_in_a_verified_actions_title_whether_the_tests_pass_with_its_edit()
      throws Exception {
    // given: verification on, a fix that works and then one that does not
    nodeProject(", \"verifyActions\": true");
    String uri = h.uri("math.js");
    h.client.open(uri, "javascript", ADD_BUGGY);
    Diagnostic d =
        new Diagnostic(
            new Range(new Position(0, 0), new Position(0, 29)),
            "add subtracts",
            org.eclipse.lsp4j.DiagnosticSeverity.Error,
            "codeloop:test");
    h.models.reply("```js\n" + ADD_FIXED + "```", "```js\nexports.add = (a, b) => a * b;\n```");

    // when
    CodeAction good = resolveFix(d);
    CodeAction bad = resolveFix(d);

    // then: the outcome is in the title; nothing was applied or written
    assertThat(good.getTitle()).endsWith("— verified: checks and tests pass");
    assertThat(good.getEdit()).isNotNull();
    assertThat(bad.getTitle()).contains("— verified: 1 test fails");
    assertThat(Files.readString(root.resolve("math.js"))).isEqualTo(ADD_BUGGY);
    assertThat(h.client.text(uri)).isEqualTo(ADD_BUGGY);
  }

  private CodeAction resolveFix(Diagnostic d) throws Exception {
    Path file = root.resolve("math.js");
    CodeAction fix =
        actionsAt(file, 0, List.of(d)).stream()
            .filter(a -> a.getTitle().startsWith("Fix with AI"))
            .findFirst()
            .orElseThrow();
    return h.server.getTextDocumentService().resolveCodeAction(fix).get(120, TimeUnit.SECONDS);
  }
}

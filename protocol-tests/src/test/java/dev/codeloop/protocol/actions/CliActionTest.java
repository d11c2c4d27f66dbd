package dev.codeloop.protocol.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's {@code action} and {@code ask} against a real OpenAI-compatible HTTP model on
 * loopback, configured in the user settings file: edits as a unified diff (nothing written) or
 * written with {@code --apply}, answers printed, the answer's {@code shown: false} in JSON.
 */
@Timeout(180)
class CliActionTest {
  @TempDir Path home;
  @TempDir Path workspace;
  private Path greeter;

  @BeforeEach
  void fixture() throws Exception {
    greeter = workspace.resolve("src/main/java/demo/Greeter.java");
    Files.createDirectories(greeter.getParent());
    Files.writeString(greeter, ProposeResolveTest.GREETER, StandardCharsets.UTF_8);
  }

  private void userSettings(OpenAiLoopback model) throws Exception {
    Path dir = Files.createDirectories(home.resolve("config/codeloop"));
    Files.writeString(
        dir.resolve("config.json"),
        ActionSession.modelSettings(model).toString(),
        StandardCharsets.UTF_8);
  }

  private CliRun cli(String... args) throws Exception {
    return CliRun.run(home, workspace, 120, args);
  }

  @Test
  void should_print_the_refactoring_as_a_unified_diff_and_write_nothing() throws Exception {
    try (OpenAiLoopback model =
        new OpenAiLoopback().answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY))) {
      // given
      userSettings(model);

      // when: lines 4-6 are the method
      CliRun run = cli("action", "refactor", "src/main/java/demo/Greeter.java:4-6");

      // then
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.stdout())
          .contains("--- a/src/main/java/demo/Greeter.java")
          .contains("+++ b/src/main/java/demo/Greeter.java")
          .contains("-  String greet(String name) {")
          .contains("+  String welcome(String name) {");
      assertThat(Files.readString(greeter)).isEqualTo(ProposeResolveTest.GREETER);
      assertThat(model.count()).isEqualTo(1);
    }
  }

  @Test
  void should_write_the_refactoring_with_apply() throws Exception {
    try (OpenAiLoopback model =
        new OpenAiLoopback().answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY))) {
      // given
      userSettings(model);

      // when
      CliRun run =
          cli("action", "refactor", "src/main/java/demo/Greeter.java:4-6", "--apply", "--json");

      // then
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(Files.readString(greeter))
          .isEqualTo(ProposeResolveTest.GREETER.replace("String greet(", "String welcome("));
      JsonObject json = JsonParser.parseString(run.stdout()).getAsJsonObject();
      JsonObject change = json.getAsJsonArray("changes").get(0).getAsJsonObject();
      assertThat(change.get("written").getAsBoolean()).isTrue();
      assertThat(change.get("file").getAsString()).isEqualTo(greeter.toString());
    }
  }

  @Test
  void should_list_the_actions_with_their_ids() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback()) {
      // given
      userSettings(model);

      // when
      CliRun run = cli("action", "--list", "src/main/java/demo/Greeter.java:4");

      // then
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.stdout()).contains("Refactor with AI").contains("Explain with AI");
      assertThat(model.count()).as("listing never calls the model").isZero();
    }
  }

  @Test
  void should_print_the_answer_to_a_question_and_say_it_was_not_shown_in_json() throws Exception {
    try (OpenAiLoopback model =
        new OpenAiLoopback().answering(OpenAiLoopback.text("It greets by name."))) {
      // given
      userSettings(model);

      // when
      CliRun text = cli("ask", "What does greet do?", "src/main/java/demo/Greeter.java:4");
      CliRun json = cli("ask", "--json", "What does greet do?");

      // then
      assertThat(text.exitCode()).as("%s", text).isZero();
      assertThat(text.stdout()).contains("It greets by name.");
      assertThat(model.requests.get(0).lastUserText()).contains("What does greet do?");
      JsonObject result = JsonParser.parseString(json.stdout()).getAsJsonObject();
      assertThat(result.get("shown").getAsBoolean()).isFalse();
      assertThat(result.has("answerUri")).isFalse();
      assertThat(result.get("markdown").getAsString()).contains("It greets by name.");
    }
  }

  @Test
  void should_exit_3_with_the_reason_when_the_model_refuses_the_key() throws Exception {
    try (OpenAiLoopback model =
        new OpenAiLoopback()
            .answering(OpenAiLoopback.status(401, "{\"error\": {\"message\": \"bad key\"}}"))) {
      // given
      userSettings(model);

      // when
      CliRun run = cli("ask", "What does greet do?");

      // then
      assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
      assertThat(run.stderr()).contains("codeloop ask:").doesNotContain("Exception:");
    }
  }

  /**
   * A trusted workspace whose test command fails until Greeter says "welcome", and a loopback model
   * on the fixTests route that answers with the whole fixed file.
   */
  private void fixableWorkspace(OpenAiLoopback model) throws Exception {
    JsonObject settings = ActionSession.modelSettings(model);
    settings.getAsJsonObject("routes").add("fixTests", JsonParser.parseString("[\"strong\"]"));
    com.google.gson.JsonArray trusted = new com.google.gson.JsonArray();
    trusted.add(workspace.toRealPath().toString());
    settings.add("trustedWorkspaces", trusted);
    Path dir = Files.createDirectories(home.resolve("config/codeloop"));
    Files.writeString(dir.resolve("config.json"), settings.toString(), StandardCharsets.UTF_8);
    String script =
        "grep -q welcome src/main/java/demo/Greeter.java || { echo"
            + " 'src/main/java/demo/Greeter.java:4:3: error: greets: expected welcome'; exit 1; }";
    JsonObject test = new JsonObject();
    com.google.gson.JsonArray argv = new com.google.gson.JsonArray();
    argv.add("sh");
    argv.add("-c");
    argv.add(script);
    test.add("command", argv);
    test.addProperty("parser", "gcc");
    com.google.gson.JsonArray tests = new com.google.gson.JsonArray();
    tests.add(test);
    JsonObject tools = new JsonObject();
    tools.add("tests", tests);
    JsonObject ws = new JsonObject();
    ws.add("tools", tools);
    Files.writeString(workspace.resolve(".codeloop.json"), ws.toString(), StandardCharsets.UTF_8);
  }

  private static final String FIXED_REPLY =
      "src/main/java/demo/Greeter.java\n```java\n"
          + ProposeResolveTest.GREETER.replace("String greet(", "String welcome(")
          + "```\n";

  @Test
  void should_fix_the_failing_tests_with_apply_and_exit_0_when_green() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(FIXED_REPLY))) {
      // given
      fixableWorkspace(model);
      CliRun before = cli("test");

      // when
      CliRun run = cli("fix", "--apply");

      // then
      assertThat(before.exitCode()).as("%s", before).isEqualTo(1);
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.stdout())
          .contains("The tests pass")
          .contains("wrote src/main/java/demo/Greeter.java");
      assertThat(Files.readString(greeter)).contains("String welcome(");
      assertThat(cli("test").exitCode()).isZero();
    }
  }

  @Test
  void should_print_the_first_fix_as_a_diff_and_write_nothing_without_apply() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(FIXED_REPLY))) {
      // given
      fixableWorkspace(model);

      // when
      CliRun run = cli("fix");

      // then
      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.stdout()).contains("+  String welcome(String name) {");
      assertThat(Files.readString(greeter)).isEqualTo(ProposeResolveTest.GREETER);
    }
  }
}

package dev.codeloop.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of the jar ({@code java -jar codeloop.jar COMMAND …}) run as a process on
 * fixture workspaces, as a script or CI job runs it: its output, its {@code --json} shape and its
 * exit codes (0 done, 1 work failed, 2 usage, 3 model or configuration).
 */
@Timeout(180)
class CliCommandsTest {
  @TempDir Path home;
  @TempDir Path workspace;

  private static final String REPORT =
      """
      package shop;

      public class Report {
        String render() {
          StringBuilder builder = new StringBuilder();
          builder.append("apple");
          builder.append(", ");
          builder.append("pear");
          builder.append(", ");
          builder.append("plum");
          builder.append(", ");
          builder.append("cherry");
          builder.append(", ");
          builder.append("melon");
          builder.append(", ");
          \s\s\s\s
          return builder.toString();
        }
      }
      """;

  @BeforeEach
  void fixture() throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/Report.java"), REPORT, StandardCharsets.UTF_8);
  }

  private CliRun cli(String... args) throws Exception {
    return CliRun.run(home, workspace, 120, args);
  }

  @Test
  void should_print_the_code_around_the_cursor_with_the_embedded_completion_marked()
      throws Exception {
    // when: the cursor on the indented empty line 16, after its four spaces
    CliRun run = cli("complete", "src/Report.java:16:5");

    // then
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout())
        .as("%s", run)
        .contains("src/Report.java:16:5: ")
        .contains("→  16 |     «builder")
        .contains("  15 |     builder.append(\", \");")
        .contains("  17 |     return builder.toString();");
  }

  @Test
  void should_answer_complete_as_json_with_one_based_position_and_items() throws Exception {
    // when
    CliRun run = cli("complete", "--json", "--workspace", ".", "src/Report.java:16:5");

    // then
    assertThat(run.exitCode()).as("%s", run).isZero();
    JsonObject json = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(json.get("line").getAsInt()).isEqualTo(16);
    assertThat(json.get("column").getAsInt()).isEqualTo(5);
    assertThat(json.get("durationMs").getAsJsonPrimitive().isNumber()).isTrue();
    assertThat(json.getAsJsonArray("items")).isNotEmpty();
    assertThat(
            json.getAsJsonArray("items").get(0).getAsJsonObject().get("insertText").getAsString())
        .startsWith("builder");
  }

  @Test
  void should_complete_a_new_files_package_and_class_from_its_path() throws Exception {
    // given: a new file in a Maven layout, its first line begun
    Path cart = workspace.resolve("src/main/java/dev/shop/cart/Cart.java");
    Files.createDirectories(cart.getParent());
    Files.writeString(cart, "package \n", StandardCharsets.UTF_8);
    Path order = workspace.resolve("src/main/java/dev/shop/cart/Order.java");
    Files.writeString(order, "package dev.shop.cart;\n\npublic class \n", StandardCharsets.UTF_8);

    // when
    CliRun pkg = cli("complete", "src/main/java/dev/shop/cart/Cart.java:1:9");
    CliRun type = cli("complete", "src/main/java/dev/shop/cart/Order.java:3:14");

    // then: what the folders and the file's name say
    assertThat(pkg.exitCode()).as("%s", pkg).isZero();
    assertThat(pkg.stdout()).as("%s", pkg).contains("→   1 | package «dev.shop.cart;»");
    assertThat(type.exitCode()).as("%s", type).isZero();
    assertThat(type.stdout()).as("%s", type).contains("→   3 | public class «Order»");
  }

  @Test
  void should_exit_2_with_the_usage_line_when_the_column_is_missing() throws Exception {
    // when
    CliRun run = cli("complete", "src/Report.java:16");

    // then
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.stderr())
        .contains("FILE:LINE:COLUMN")
        .contains("Usage: codeloop complete")
        .doesNotContain("Exception");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void should_exit_2_with_a_sentence_when_the_cursor_is_past_the_end_of_the_file()
      throws Exception {
    // when
    CliRun pastLines = cli("complete", "src/Report.java:99:1");
    CliRun pastColumn = cli("complete", "src/Report.java:3:80");

    // then
    assertThat(pastLines.exitCode()).as("%s", pastLines).isEqualTo(2);
    assertThat(pastLines.stderr()).contains("line 99 is past the end of the file (19 lines)");
    assertThat(pastColumn.exitCode()).as("%s", pastColumn).isEqualTo(2);
    assertThat(pastColumn.stderr()).contains("column 80 is past the end of line 3");
  }

  @Test
  void should_exit_2_when_the_workspace_does_not_exist() throws Exception {
    // when
    CliRun run = cli("doctor", "--workspace", "no/such/folder");

    // then
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.stderr()).contains("does not exist").doesNotContain("Exception");
  }

  @Test
  void should_exit_2_on_an_unknown_option_and_0_on_help() throws Exception {
    // when
    CliRun bad = cli("test", "--bogus");
    CliRun help = cli("test", "--help");

    // then
    assertThat(bad.exitCode()).as("%s", bad).isEqualTo(2);
    assertThat(bad.stderr()).contains("unknown option --bogus").contains("Usage: codeloop test");
    assertThat(help.exitCode()).as("%s", help).isZero();
    assertThat(help.stdout()).contains("Usage: codeloop test").contains("Exit codes");
  }

  @Test
  void should_print_the_doctor_report_as_markdown_and_as_json() throws Exception {
    // when
    CliRun text = cli("doctor");
    CliRun json = cli("doctor", "--json");

    // then
    assertThat(text.exitCode()).as("%s", text).isZero();
    assertThat(text.stdout()).contains("embedded").doesNotContain("\"markdown\"");
    assertThat(json.exitCode()).as("%s", json).isZero();
    JsonObject result = JsonParser.parseString(json.stdout()).getAsJsonObject();
    assertThat(result.get("markdown").getAsString()).contains("embedded");
    assertThat(result.get("shown").getAsBoolean()).isFalse();
    assertThat(result.has("report")).isFalse();
  }

  @Test
  void should_refuse_to_run_the_tests_of_an_untrusted_workspace_with_exit_3() throws Exception {
    // given: tests configured by the workspace, which nobody trusted
    testSettings(0);

    // when
    CliRun run = cli("test", "--json");

    // then
    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.stderr()).contains("not trusted");
    JsonObject json = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(json.get("exitCode").getAsInt()).isEqualTo(3);
    assertThat(json.get("error").getAsString()).contains("not trusted");
  }

  @Test
  void should_report_each_failing_test_with_name_file_line_and_message_and_exit_1()
      throws Exception {
    // given: a trusted workspace whose test command reports one failure, gcc style
    trust();
    testSettings(1);

    // when
    CliRun text = cli("test");
    CliRun json = cli("test", "--json");

    // then
    assertThat(text.exitCode()).as("%s", text).isEqualTo(1);
    assertThat(text.stdout())
        .contains("Tests: 1 error in 1 file")
        .contains("src/Report.java:4: error: renderJoinsFruits: expected apple, pear");
    assertThat(json.exitCode()).as("%s", json).isEqualTo(1);
    JsonObject result = JsonParser.parseString(json.stdout()).getAsJsonObject();
    assertThat(result.get("passed").getAsBoolean()).isFalse();
    JsonObject failure = result.getAsJsonArray("failures").get(0).getAsJsonObject();
    assertThat(failure.get("name").getAsString()).isEqualTo("renderJoinsFruits");
    assertThat(failure.get("file").getAsString()).isEqualTo("src/Report.java");
    assertThat(failure.get("line").getAsInt()).isEqualTo(4);
    assertThat(failure.get("message").getAsString()).contains("expected apple, pear");
    assertThat(result.getAsJsonObject("run").getAsJsonObject("counts").get("error").getAsInt())
        .isEqualTo(1);
  }

  @Test
  void should_exit_0_when_the_tests_pass() throws Exception {
    // given
    trust();
    testSettings(0);

    // when
    CliRun run = cli("test");

    // then
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).contains("Tests: pass");
  }

  @Test
  void should_answer_bad_demo_arguments_with_a_sentence_and_exit_2() throws Exception {
    // when
    CliRun noColumn = cli("demo", ".", "src/Report.java", "12");
    CliRun pastEnd = cli("demo", ".", "src/Report.java", "99:1");
    CliRun noWorkspace = cli("demo", "no/such/folder");

    // then
    assertThat(noColumn.exitCode()).as("%s", noColumn).isEqualTo(2);
    assertThat(noColumn.stderr()).contains("'12' is not LINE:COLUMN").doesNotContain("Exception");
    assertThat(pastEnd.exitCode()).as("%s", pastEnd).isEqualTo(2);
    assertThat(pastEnd.stderr()).contains("line 99 is past the end of Report.java (19 lines)");
    assertThat(noWorkspace.exitCode()).as("%s", noWorkspace).isEqualTo(2);
    assertThat(noWorkspace.stderr()).contains("does not exist");
  }

  /** The user file trusts the workspace (only the user decides trust). */
  private void trust() throws Exception {
    Path dir = Files.createDirectories(home.resolve("config/codeloop"));
    Files.writeString(
        dir.resolve("config.json"),
        "{\"trustedWorkspaces\": ["
            + JsonParser.parseString(
                '"' + workspace.toRealPath().toString().replace("\\", "\\\\") + '"')
            + "]}",
        StandardCharsets.UTF_8);
  }

  /**
   * A test command that prints one gcc-style failure and exits 1, or prints nothing and exits 0.
   */
  private void testSettings(int failures) throws Exception {
    String script =
        failures == 0
            ? "exit 0"
            : "echo 'src/Report.java:4:1: error: renderJoinsFruits: expected apple, pear'; exit 1";
    Files.writeString(
        workspace.resolve(".codeloop.json"),
        "{\"tools\": {\"tests\": [{\"command\": [\"sh\", \"-c\", "
            + JsonParser.parseString('"' + script.replace("\"", "\\\"") + '"')
            + "], \"parser\": \"gcc\"}]}}",
        StandardCharsets.UTF_8);
  }
}

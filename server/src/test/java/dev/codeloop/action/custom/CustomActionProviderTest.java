package dev.codeloop.action.custom;

import static dev.codeloop.action.ActionAssert.te;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ActionAssert;
import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.model.Task;
import dev.codeloop.settings.CodeActionSettings;
import dev.codeloop.settings.CodeActionSettings.CustomAction;
import dev.codeloop.settings.CodeActionSettings.Output;
import dev.codeloop.settings.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomActionProviderTest {

  private static CodeActionSettings parse(String json, List<SettingsProblem> problems)
      throws Exception {
    ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(json);
    return ServerSettings.parse(tree, ServerSettings.defaults(tree), problems).codeActions();
  }

  @Test
  void should_read_custom_actions_and_name_problems_by_path() throws Exception {
    // given
    String json =
        "{\"codeActions\":{\"custom\":["
            + "{\"title\":\"Make it async\",\"prompt\":\"{{selection}}\",\"route\":\"codeAction.refactor\"},"
            + "{\"title\":\"Bad\",\"prompt\":\"x\",\"output\":\"sideways\"},"
            + "{\"prompt\":\"no title\"},"
            + "{\"title\":\"Doc\",\"prompt\":\"{{nope}} {{file}}\",\"output\":\"document\",\"kind\":\"source.ai.doc\"},"
            + "{\"title\":\"File\",\"prompt\":\"x\",\"output\":\"newFile\"}"
            + "]}}";
    List<SettingsProblem> problems = new ArrayList<>();

    // when
    CodeActionSettings settings = parse(json, problems);

    // then
    assertThat(settings.custom())
        .extracting(CustomAction::id)
        .containsExactly("make-it-async", "doc");
    assertThat(settings.custom().get(0).task()).isEqualTo(Task.REFACTOR);
    assertThat(settings.custom().get(1).output()).isEqualTo(Output.DOCUMENT);
    assertThat(problems)
        .extracting(SettingsProblem::path)
        .containsExactly(
            "codeActions.custom[1].output",
            "codeActions.custom[2].title",
            "codeActions.custom[3].prompt",
            "codeActions.custom[4].path");
  }

  @Test
  void should_keep_the_last_good_list_when_custom_is_not_an_array() throws Exception {
    // given
    List<SettingsProblem> problems = new ArrayList<>();

    // when
    CodeActionSettings settings = parse("{\"codeActions\":{\"custom\":\"oops\"}}", problems);

    // then
    assertThat(settings.custom()).isEmpty();
    assertThat(problems).extracting(SettingsProblem::path).containsExactly("codeActions.custom");
  }

  @Test
  void should_render_the_template_and_replace_the_selection() {
    // given
    var action =
        new CustomAction(
            "upper",
            "Upper-case it",
            "refactor.ai.custom",
            "In {{language}}, shout: {{selection}}",
            Task.CODE_ACTION,
            Output.REPLACE,
            "");
    ActionAssert a =
        ActionAssert.forText("String s = |\"hi\"|;\n")
            .withCustomActions(new CodeActionSettings(true, List.of(action)))
            .withModelReply("```java\nString s = \"HI\";\n```");

    // when
    a.expectProposalsInclude("Upper-case it").resolve("Upper-case it");

    // then
    a.expectPromptContaining("In java, shout: String s = \"hi\";")
        .expectEdits(te(0, 12, 0, 14, "HI"));
  }

  @Test
  void should_insert_below_the_selection() {
    var action =
        new CustomAction(
            "log",
            "Add logging",
            "refactor.ai",
            "{{selection}}",
            Task.CODE_ACTION,
            Output.INSERT_BELOW,
            "");
    ActionAssert.forText("  |run();|\n")
        .withCustomActions(new CodeActionSettings(true, List.of(action)))
        .withModelReply("```java\nlog(\"ran\");\n```")
        .resolve("Add logging")
        .expectText("  run();\n  log(\"ran\");\n");
  }
}

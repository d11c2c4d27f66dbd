package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Custom actions' outputs and invalid entries. */
@Timeout(60)
class CustomOutputsTest {
  @TempDir Path tmp;

  private static JsonObject settings(OpenAiLoopback model, String custom) {
    JsonObject s = ActionSession.modelSettings(model);
    s.add("codeActions", JsonParser.parseString("{\"custom\": " + custom + "}"));
    return s;
  }

  @Test
  void should_skip_and_report_invalid_custom_actions_by_their_path() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback();
        ActionSession s =
            ActionSession.start(
                tmp,
                settings(
                    model,
                    """
                    [{"title": "Good", "prompt": "{{selection}}"},
                     {"title": "Sideways", "prompt": "{{selection}}", "output": "sideways"}]
                    """),
                ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);

      // when
      List<CodeAction> actions =
          s.codeActions(uri, range(3, 0, 5, 3)).stream().map(Either::getRight).toList();

      // then
      assertThat(actions)
          .extracting(CodeAction::getTitle)
          .contains("Good")
          .doesNotContain("Sideways");
      MessageParams shown = awaitMessage(s, "codeActions.custom[1].output");
      assertThat(shown.getMessage()).contains("sideways");
    }
  }

  @Test
  void should_insert_below_the_selection_when_the_output_is_insert_below() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(
                    OpenAiLoopback.text(
                        "```java\n  String bye(String name) {\n    return \"Bye, \" + name;\n  }\n```"));
        ActionSession s =
            ActionSession.start(
                tmp,
                settings(
                    model,
                    """
                    [{"title": "Add a sibling", "prompt": "{{selection}}", "output": "insertBelow"}]
                    """),
                ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction action = s.action(uri, range(3, 0, 5, 3), "Add a sibling");

      // when
      CodeAction resolved = LspClient.await(s.resolve(action));

      // then
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), uri);
      assertThat(ActionSession.apply(ProposeResolveTest.GREETER, edits))
          .isEqualTo(
              ProposeResolveTest.GREETER.replace(
                  "    return \"Hello, \" + name;\n  }\n",
                  "    return \"Hello, \" + name;\n  }\n"
                      + "  String bye(String name) {\n    return \"Bye, \" + name;\n  }\n"));
    }
  }

  @Test
  void should_write_a_new_file_next_to_the_document_when_the_output_is_new_file() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(OpenAiLoopback.text("```markdown\n# Greeter\n```"));
        ActionSession s =
            ActionSession.start(
                tmp,
                settings(
                    model,
                    """
                    [{"title": "Write a README", "prompt": "{{file}}", "output": "newFile",
                      "path": "{{name}}.md"}]
                    """),
                ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction action = s.action(uri, range(3, 0, 3, 0), "Write a README");

      // when
      CodeAction resolved = LspClient.await(s.resolve(action));

      // then
      String readme = s.root.resolve("src/main/java/demo/Greeter.md").toUri().toString();
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), readme);
      assertThat(edits).as(String.valueOf(resolved.getEdit())).isNotEmpty();
      assertThat(ActionSession.apply("", edits)).isEqualTo("# Greeter\n");
      assertThat(ActionSession.textEdits(resolved.getEdit(), uri)).isEmpty();
    }
  }

  private static MessageParams awaitMessage(ActionSession s, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (MessageParams m : s.lsp.client.shownMessages) {
        if (m.getMessage().contains(text)) {
          return m;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no window/showMessage with " + text + ": " + s.lsp.client.shownMessages);
  }
}

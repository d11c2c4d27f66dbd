package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code codeActions.custom} from the settings, through the jar. */
@Timeout(60)
class CustomActionsTest {
  static final String SOURCE =
      """
      package demo;

      class Totals {
        int sum(int[] xs) {
          int total = 0;
          for (int i = 0; i < xs.length; i++) total += xs[i];
          return total;
        }
      }
      """;

  @TempDir Path tmp;

  private static JsonObject settings(OpenAiLoopback model) {
    JsonObject s = ActionSession.modelSettings(model);
    s.add(
        "codeActions",
        JsonParser.parseString(
            """
            {"custom": [
              {"title": "Use a for-each loop", "id": "foreach",
               "kind": "refactor.rewrite.ai.foreach",
               "prompt": "Rewrite this {{language}} code with a for-each loop:\\n{{selection}}\\nSymbol: {{symbol}}"},
              {"title": "Shout", "prompt": "SHOUT {{selection}}"}
            ]}
            """));
    return s;
  }

  @Test
  void should_offer_custom_actions_with_their_titles_and_kinds() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback();
        ActionSession s =
            ActionSession.start(tmp, settings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Totals.java", "java", SOURCE);

      // when
      List<CodeAction> actions =
          s.codeActions(uri, range(4, 0, 6, 18)).stream().map(Either::getRight).toList();

      // then
      assertThat(ProposeResolveTest.byTitle(actions, "Use a for-each loop").getKind())
          .isEqualTo("refactor.rewrite.ai.foreach");
      assertThat(ProposeResolveTest.byTitle(actions, "Shout").getKind())
          .isEqualTo("refactor.ai.custom");
      var data =
          ActionSession.json(ProposeResolveTest.byTitle(actions, "Use a for-each loop").getData())
              .getAsJsonObject();
      assertThat(data.get("provider").getAsString()).isEqualTo("custom");
      assertThat(data.get("action").getAsString()).isEqualTo("foreach");
      assertThat(model.count()).isZero();
    }
  }

  @Test
  void should_send_the_rendered_prompt_and_replace_the_selection_when_a_custom_action_resolves()
      throws Exception {
    String reply =
        """
        ```java
            int total = 0;
            for (int x : xs) total += x;
            return total;
        ```
        """;
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(reply));
        ActionSession s =
            ActionSession.start(tmp, settings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Totals.java", "java", SOURCE);
      CodeAction action = s.action(uri, range(4, 0, 6, 18), "Use a for-each loop");

      // when
      CodeAction resolved = LspClient.await(s.resolve(action));

      // then
      assertThat(model.count()).isEqualTo(1);
      String prompt = model.requests.get(0).lastUserText();
      assertThat(prompt)
          .startsWith("Rewrite this java code with a for-each loop:\n")
          .contains(
              "    int total = 0;\n"
                  + "    for (int i = 0; i < xs.length; i++) total += xs[i];\n"
                  + "    return total;")
          .contains("Symbol: sum")
          .doesNotContain("{{");
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), uri);
      assertThat(edits).isNotEmpty();
      assertThat(ActionSession.apply(SOURCE, edits))
          .isEqualTo(
              SOURCE.replace(
                  "for (int i = 0; i < xs.length; i++) total += xs[i];",
                  "for (int x : xs) total += x;"));
      assertThat(edits)
          .as("minimal: only the loop line changes")
          .allSatisfy(e -> assertThat(e.getRange().getStart().getLine()).isEqualTo(5));
    }
  }
}

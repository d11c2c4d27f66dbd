package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in a document never reach the model, and the masks never reach the document. */
@Timeout(60)
class SecretsTest {
  static final String SECRET = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";

  static final String SOURCE =
      """
      package demo;

      class Client {
        String connect() {
          String key = "%s";
          return call(key);
        }
      }
      """
          .formatted(SECRET);

  @TempDir Path tmp;

  /** A model that rewrites the code it was given (as it received it, masks included). */
  private static OpenAiLoopback.Reply rewriting(UnaryOperator<String> change) {
    return OpenAiLoopback.computed(
        r -> {
          String user = r.lastUserText();
          int open = user.indexOf("```");
          int from = user.indexOf('\n', open) + 1;
          int to = user.indexOf("```", from);
          return "```java\n" + change.apply(user.substring(from, to)) + "```\n";
        });
  }

  private String refactor(UnaryOperator<String> change, List<TextEdit> edits) throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(rewriting(change));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      String uri = s.open("src/main/java/demo/Client.java", "java", SOURCE);
      CodeAction refactor = s.action(uri, range(3, 0, 6, 3), "Refactor with AI");
      CodeAction resolved = LspClient.await(s.resolve(refactor));
      assertThat(model.count()).isEqualTo(1);
      for (OpenAiLoopback.Recorded r : model.requests) {
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain("abcdefghijklmnopqrstuvwxyz");
        assertThat(String.join("\n", r.contents())).doesNotContain(SECRET);
      }
      assertThat(model.requests.get(0).lastUserText()).contains("String key = \"<redacted>\";");
      edits.addAll(ActionSession.textEdits(resolved.getEdit(), uri));
      return ActionSession.apply(SOURCE, edits);
    }
  }

  @Test
  void should_never_send_the_secret_and_keep_it_when_the_refactor_renames_around_it()
      throws Exception {
    // given
    List<TextEdit> edits = new java.util.ArrayList<>();

    // when
    String after = refactor(code -> code.replace("connect()", "open()"), edits);

    // then
    assertThat(edits).allSatisfy(e -> assertThat(e.getNewText()).doesNotContain("<redacted>"));
    assertThat(after).isEqualTo(SOURCE.replace("connect()", "open()"));
  }

  @Test
  void should_put_the_secret_back_when_the_model_rewrites_the_line_holding_it() throws Exception {
    // given
    List<TextEdit> edits = new java.util.ArrayList<>();

    // when
    String after =
        refactor(
            code ->
                code.replace("String key = \"<redacted>\";", "var apiKey = \"<redacted>\".strip();")
                    .replace("call(key)", "call(apiKey)"),
            edits);

    // then
    assertThat(edits).allSatisfy(e -> assertThat(e.getNewText()).doesNotContain("<redacted>"));
    assertThat(after)
        .isEqualTo(
            SOURCE
                .replace(
                    "String key = \"" + SECRET + "\";", "var apiKey = \"" + SECRET + "\".strip();")
                .replace("call(key)", "call(apiKey)"));
    assertThat(after).contains(SECRET).doesNotContain("<redacted>");
  }

  @Test
  void should_not_send_the_secret_when_a_custom_action_renders_the_whole_file() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(rewriting(code -> code.replace("connect()", "open()")));
        ActionSession s =
            ActionSession.start(
                tmp,
                withCustomFileAction(ActionSession.modelSettings(model)),
                ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Client.java", "java", SOURCE);
      CodeAction action = s.action(uri, range(3, 0, 6, 3), "Review file");

      // when
      CodeAction resolved = LspClient.await(s.resolve(action));

      // then
      assertThat(model.count()).isEqualTo(1);
      assertThat(model.requests.get(0).body()).doesNotContain(SECRET);
      assertThat(String.join("\n", model.requests.get(0).contents()))
          .contains("class Client")
          .doesNotContain(SECRET);
      String after = ActionSession.apply(SOURCE, ActionSession.textEdits(resolved.getEdit(), uri));
      assertThat(after).isEqualTo(SOURCE.replace("connect()", "open()"));
    }
  }

  private static com.google.gson.JsonObject withCustomFileAction(com.google.gson.JsonObject s) {
    s.add(
        "codeActions",
        com.google.gson.JsonParser.parseString(
            """
            {"custom": [{"title": "Review file",
                         "prompt": "Whole file:\\n{{file}}\\nRewrite:\\n```java\\n{{selection}}\\n```"}]}
            """));
    return s;
  }
}

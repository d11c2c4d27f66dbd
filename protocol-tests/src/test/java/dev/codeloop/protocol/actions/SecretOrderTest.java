package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.eclipse.lsp4j.CodeAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two different secrets: the masks in the model's reply must be put back to the secret each one
 * stood for, not to whichever secret came first in the prompt.
 */
@Timeout(60)
class SecretOrderTest {
  static final String FIRST = "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA01";
  static final String SECOND = "sk-proj-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB02";

  static final String SOURCE =
      """
      package demo;

      class Keys {
        String first = "%s";

        String second() {
          String key = "%s";
          return connect(key);
        }
      }
      """
          .formatted(FIRST, SECOND);

  @TempDir Path tmp;

  /** Rewrites the last fenced block of the prompt (the selection), masks as received. */
  private static OpenAiLoopback.Reply rewritingLastBlock(UnaryOperator<String> change) {
    return OpenAiLoopback.computed(
        r -> {
          String user = r.lastUserText();
          int close = user.lastIndexOf("```");
          int open = user.lastIndexOf("```", close - 1);
          int from = user.indexOf('\n', open) + 1;
          return "```java\n" + change.apply(user.substring(from, close)) + "```\n";
        });
  }

  @Test
  void should_keep_each_secret_when_the_prompt_has_the_file_before_the_selection()
      throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(rewritingLastBlock(code -> code.replace("connect(", "open(")));
        ActionSession s =
            ActionSession.start(tmp, settings(model), ActionSession.Client.resolving())) {
      // given: a custom action whose prompt has {{file}} (both secrets) then {{selection}} (the
      // second one only)
      String uri = s.open("src/main/java/demo/Keys.java", "java", SOURCE);
      CodeAction action = s.action(uri, range(5, 0, 8, 3), "Review in context");

      // when
      CodeAction resolved = LspClient.await(s.resolve(action));

      // then
      assertThat(model.requests.get(0).body()).doesNotContain(FIRST).doesNotContain(SECOND);
      String after = ActionSession.apply(SOURCE, ActionSession.textEdits(resolved.getEdit(), uri));
      assertThat(after)
          .as("only connect( → open( changes; the second secret stays the second secret")
          .isEqualTo(SOURCE.replace("connect(", "open("));
    }
  }

  @Test
  void should_keep_the_remaining_secret_when_the_refactor_drops_a_line_holding_another()
      throws Exception {
    String source =
        """
        class Keys {
          void init() {
            String unused = "%s";
            String key = "%s";
            connect(key);
          }
        }
        """
            .formatted(FIRST, SECOND);
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(
                    rewritingLastBlock(
                        code ->
                            code.lines()
                                .filter(l -> !l.contains("unused"))
                                .reduce("", (a, b) -> a + b + "\n")));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Keys.java", "java", source);
      CodeAction refactor = s.action(uri, range(1, 0, 5, 3), "Refactor with AI");

      // when
      CodeAction resolved = LspClient.await(s.resolve(refactor));

      // then
      String after = ActionSession.apply(source, ActionSession.textEdits(resolved.getEdit(), uri));
      assertThat(after)
          .as("the unused line is gone and the key keeps its own value")
          .isEqualTo(source.replace("    String unused = \"" + FIRST + "\";\n", ""));
    }
  }

  private static JsonObject settings(OpenAiLoopback model) {
    JsonObject s = ActionSession.modelSettings(model);
    s.add(
        "codeActions",
        JsonParser.parseString(
            """
            {"custom": [{"title": "Review in context",
                         "prompt": "File:\\n{{file}}\\nRewrite:\\n```java\\n{{selection}}\\n```"}]}
            """));
    return s;
  }
}

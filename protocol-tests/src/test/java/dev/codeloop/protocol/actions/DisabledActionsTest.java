package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Without a usable model the AI actions are shown disabled, with how to configure one. */
@Timeout(60)
class DisabledActionsTest {
  @TempDir Path tmp;

  @Test
  void should_show_ai_actions_disabled_with_how_to_configure_a_model_when_no_model_is_configured()
      throws Exception {
    // given: no models, no routes, no API-key variables in the server's environment
    try (ActionSession s =
        ActionSession.start(
            tmp,
            JsonParser.parseString("{\"embedded\": {\"indexWorkspace\": false}}").getAsJsonObject(),
            ActionSession.Client.resolving())) {
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);

      // when
      List<CodeAction> actions =
          s.codeActions(uri, range(3, 0, 5, 3)).stream().map(Either::getRight).toList();

      // then
      assertThat(actions)
          .extracting(CodeAction::getTitle)
          .contains("Refactor with AI", "Add documentation with AI", "Explain with AI");
      assertThat(actions)
          .allSatisfy(
              a -> {
                assertThat(a.getDisabled()).as(a.getTitle()).isNotNull();
                assertThat(a.getDisabled().getReason())
                    .as(a.getTitle())
                    .contains("Configure a model")
                    .contains("OPENAI_API_KEY")
                    .contains("'models'");
              });
    }
  }

  @Test
  void should_not_call_anything_when_a_disabled_action_is_resolved_anyway() throws Exception {
    try (ActionSession s =
        ActionSession.start(
            tmp,
            JsonParser.parseString("{\"embedded\": {\"indexWorkspace\": false}}").getAsJsonObject(),
            ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");

      // when
      var error = ActionSession.error(s.resolve(refactor));

      // then
      assertThat(error.getCode()).isEqualTo(-32803);
      assertThat(error.getMessage()).contains("Configure a model");
    }
  }
}

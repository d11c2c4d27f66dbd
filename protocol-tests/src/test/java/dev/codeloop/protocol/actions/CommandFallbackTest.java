package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients without {@code codeAction/resolve}: actions carry {@code codeloop.applyAction}. */
@Timeout(60)
class CommandFallbackTest {
  @TempDir Path tmp;

  @Test
  void should_give_every_action_an_apply_command_when_the_client_cannot_resolve() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback();
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.withoutResolve())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);

      // when
      List<CodeAction> actions =
          s.codeActions(uri, range(3, 0, 5, 3)).stream().map(Either::getRight).toList();

      // then
      assertThat(actions).isNotEmpty();
      assertThat(actions)
          .allSatisfy(
              a -> {
                assertThat(a.getCommand()).as(a.getTitle()).isNotNull();
                assertThat(a.getEdit()).as(a.getTitle()).isNull();
              });
      CodeAction refactor = ProposeResolveTest.byTitle(actions, "Refactor with AI");
      assertThat(refactor.getCommand().getCommand()).isEqualTo("codeloop.applyAction");
      assertThat(refactor.getCommand().getArguments()).hasSize(1);
      assertThat(model.count()).isZero();
    }
  }

  @Test
  void should_apply_the_edit_through_workspace_apply_edit_when_the_command_runs() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.withoutResolve())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");

      // when
      Object result = LspClient.await(s.execute(refactor.getCommand()));

      // then
      JsonObject json = ActionSession.json(result).getAsJsonObject();
      assertThat(json.get("applied").getAsBoolean()).isTrue();
      assertThat(model.count()).isEqualTo(1);
      assertThat(s.lsp.client.appliedEdits).hasSize(1);
      var edit = s.lsp.client.appliedEdits.get(0).getEdit();
      assertThat(edit.getDocumentChanges()).hasSize(1);
      assertThat(edit.getDocumentChanges().get(0).getLeft().getTextDocument().getVersion())
          .isEqualTo(1);
      List<TextEdit> edits = ActionSession.textEdits(edit, uri);
      assertThat(edits).hasSize(1);
      assertThat(edits.get(0).getNewText()).isEqualTo("welcome");
      assertThat(s.text(uri))
          .isEqualTo(ProposeResolveTest.GREETER.replace("String greet(", "String welcome("));
    }
  }
}

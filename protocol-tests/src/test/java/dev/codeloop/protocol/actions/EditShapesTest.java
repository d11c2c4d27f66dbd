package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Edit shapes by client capability, bad action data, and typing on the command path. */
@Timeout(90)
class EditShapesTest {
  @TempDir Path tmp;

  @Test
  void should_use_the_plain_changes_map_when_the_client_lacks_document_changes() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), new ActionSession.Client(true, false))) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");

      // when
      CodeAction resolved = LspClient.await(s.resolve(refactor));

      // then
      assertThat(resolved.getEdit().getDocumentChanges()).isNull();
      assertThat(resolved.getEdit().getChanges()).containsOnlyKeys(uri);
      assertThat(resolved.getEdit().getChanges().get(uri)).hasSize(1);
      assertThat(resolved.getEdit().getChanges().get(uri).get(0).getNewText()).isEqualTo("welcome");
    }
  }

  @Test
  void should_refuse_action_data_of_another_schema_version() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback();
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");
      var data = ActionSession.json(refactor.getData()).getAsJsonObject();
      data.addProperty("schemaVersion", 2);
      refactor.setData(data);

      // when
      ResponseError error = ActionSession.error(s.resolve(refactor));

      // then
      assertThat(error.getCode()).isEqualTo(-32602);
      assertThat(error.getMessage()).contains("ask for code actions again");
      assertThat(model.count()).isZero();
    }
  }

  @Test
  void should_fail_with_content_modified_and_apply_nothing_when_typing_during_apply_action()
      throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY))
                .latency(Duration.ofSeconds(20));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.withoutResolve())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");
      var pending = s.execute(refactor.getCommand());
      model.awaitRequests(1, Duration.ofSeconds(10));

      // when
      s.type(uri, ProposeResolveTest.GREETER.replace("Hello, ", "Hi, "));

      // then
      ResponseError error = ActionSession.error(pending);
      assertThat(error.getCode()).isEqualTo(-32801);
      assertThat(s.lsp.client.appliedEdits).isEmpty();
    }
  }

  @Test
  void should_fail_with_content_modified_when_resolving_an_action_offered_for_an_old_version()
      throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");
      s.type(uri, ProposeResolveTest.GREETER + "\n");

      // when
      ResponseError error = ActionSession.error(s.resolve(refactor));

      // then
      assertThat(error.getCode()).isEqualTo(-32801);
      assertThat(model.count()).as("no work for a stale action").isZero();
    }
  }
}

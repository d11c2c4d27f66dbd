package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fallback to a second model, and a chat edit the editor refuses once. */
@Timeout(60)
class RobustnessTest {
  @TempDir Path tmp;

  @Test
  void should_fall_back_to_the_next_model_when_the_first_answers_500() throws Exception {
    try (OpenAiLoopback broken =
            new OpenAiLoopback().answering(OpenAiLoopback.status(500, "{\"error\":{}}"));
        OpenAiLoopback backup =
            new OpenAiLoopback().answering(OpenAiLoopback.text(ProposeResolveTest.RENAMED_REPLY))) {
      JsonObject settings =
          JsonParser.parseString(
                  """
                  {"models": {
                     "strong": {"provider": "openai-compatible", "baseUrl": "%s", "model": "m1"},
                     "backup": {"provider": "openai-compatible", "baseUrl": "%s", "model": "m2"}},
                   "routes": {"codeAction": ["strong", "backup"]},
                   "embedded": {"enabled": false, "indexWorkspace": false}}
                  """
                      .formatted(broken.baseUrl(), backup.baseUrl()))
              .getAsJsonObject();
      try (ActionSession s = ActionSession.start(tmp, settings, ActionSession.Client.resolving())) {
        // given
        String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
        CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");

        // when
        CodeAction resolved = LspClient.await(s.resolve(refactor));

        // then
        assertThat(broken.count()).isEqualTo(1);
        assertThat(backup.count()).isEqualTo(1);
        assertThat(backup.requests.get(0).json().get("model").getAsString()).isEqualTo("m2");
        List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), uri);
        assertThat(edits).hasSize(1);
        assertThat(edits.get(0).getNewText()).isEqualTo("welcome");
      }
    }
  }

  @Test
  void should_retry_a_chat_edit_the_editor_refused() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(OpenAiLoopback.text(ChatAppendTest.ANSWER));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given: the editor refuses the first edit it is sent
      String uri = s.open("notes.codeloop.md", "markdown", ChatAppendTest.CHAT);
      Function<ApplyWorkspaceEditParams, ApplyWorkspaceEditResponse> editor =
          s.lsp.client.applyEditAnswer;
      AtomicInteger calls = new AtomicInteger();
      s.lsp.client.applyEditAnswer =
          p ->
              calls.incrementAndGet() == 1
                  ? new ApplyWorkspaceEditResponse(false)
                  : editor.apply(p);

      // when
      LspClient.await(s.execute("codeloop.chat", uri));

      // then
      assertThat(calls.get()).isGreaterThan(1);
      assertThat(s.text(uri))
          .isEqualTo(
              ChatAppendTest.CHAT + "\n## Codeloop\n\n" + ChatAppendTest.ANSWER + "\n\n## You\n\n");
    }
  }
}

package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatActionServerTest {
  private static final String CHAT = "## You\n\nWhat is 1 + 1?\n";

  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void should_offer_the_chat_action_and_append_the_streamed_answer() throws Exception {
    // given
    h = ServerHarness.start(root, new ServerHarness.Caps());
    String uri = h.uri("notes.codeloop.md");
    h.client.open(uri, "markdown", CHAT);
    h.models.reply("It is 2, because one plus one makes two.").chunkSize(5);
    var actions =
        h.server
            .getTextDocumentService()
            .codeAction(
                new CodeActionParams(
                    new TextDocumentIdentifier(uri),
                    new Range(new Position(0, 0), new Position(0, 0)),
                    new CodeActionContext(List.of())))
            .get(10, TimeUnit.SECONDS);
    CodeAction send =
        actions.stream()
            .map(Either::getRight)
            .filter(a -> a.getTitle().equals("Send to Codeloop chat"))
            .findFirst()
            .orElseThrow();

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(
            new ExecuteCommandParams(
                send.getCommand().getCommand(), send.getCommand().getArguments()))
        .get(10, TimeUnit.SECONDS);

    // then
    assertThat(send.getCommand().getCommand()).isEqualTo("codeloop.chat");
    assertThat(h.client.text(uri))
        .isEqualTo(
            CHAT + "\n## Codeloop\n\nIt is 2, because one plus one makes two.\n\n## You\n\n");
    assertThat(h.client.applyEdits).hasSizeGreaterThan(1);
    assertThat(h.models.requests().get(0).messages().get(1).text()).isEqualTo("What is 1 + 1?");
  }

  @Test
  void should_keep_what_the_user_typed_meanwhile_after_the_intact_answer() throws Exception {
    // given
    h = ServerHarness.start(root, new ServerHarness.Caps());
    String uri = h.uri("notes.codeloop.md");
    h.client.open(uri, "markdown", CHAT);
    h.models.reply("Two.").chunkSize(2);
    h.client.afterApply =
        n -> {
          if (n == 1) {
            h.client.type(uri, h.client.text(uri) + "[typed]");
          }
        };

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(new ExecuteCommandParams("codeloop.chat", List.of(uri)))
        .get(10, TimeUnit.SECONDS);

    // then
    // the answer stays in its own region; what the user typed follows it, under the new heading
    assertThat(h.client.text(uri)).isEqualTo(CHAT + "\n## Codeloop\n\nTwo.\n\n## You\n\n[typed]");
  }

  @Test
  void should_close_the_section_and_report_the_error_when_the_model_fails() throws Exception {
    // given
    h = ServerHarness.start(root, new ServerHarness.Caps());
    String uri = h.uri("notes.codeloop.md");
    h.client.open(uri, "markdown", CHAT);
    h.models.fail(
        new dev.codeloop.model.ModelException(
            dev.codeloop.model.ModelException.Kind.TIMEOUT, "fast", "timed out after 30 s"));

    // when
    var result =
        h.server
            .getWorkspaceService()
            .executeCommand(new ExecuteCommandParams("codeloop.chat", List.of(uri)));

    // then
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(org.eclipse.lsp4j.jsonrpc.ResponseErrorException.class)
        .hasMessageContaining("timed out after 30 s");
    assertThat(h.client.text(uri))
        .isEqualTo(CHAT + "\n## Codeloop\n\n\n\n*(no answer: timed out after 30 s)*\n\n## You\n\n");
  }
}

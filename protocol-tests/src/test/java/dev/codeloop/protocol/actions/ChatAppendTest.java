package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A {@code *.codeloop.md} chat file: the answer is appended through {@code applyEdit}. */
@Timeout(60)
class ChatAppendTest {
  static final String CHAT =
      """
      Answer briefly.

      ## You

      What does `Greeter.greet` return for "Ada"?
      """;

  static final String ANSWER = "It returns `\"Hello, Ada\"`: the greeting followed by the name.";

  @TempDir Path tmp;

  @Test
  void should_append_the_streamed_answer_at_the_end_when_the_chat_action_runs() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(ANSWER));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("notes.codeloop.md", "markdown", CHAT);
      CodeAction send = s.action(uri, range(4, 0, 4, 0), "Send to Codeloop chat");
      assertThat(send.getKind()).isEqualTo("refactor.ai.chat");
      assertThat(send.getCommand().getCommand()).isEqualTo("codeloop.chat");

      // when
      Object result = LspClient.await(s.execute(send.getCommand()));

      // then
      JsonObject json = ActionSession.json(result).getAsJsonObject();
      assertThat(json.get("model").getAsString()).isEqualTo("strong");
      assertThat(model.count()).isEqualTo(1);
      var request = model.requests.get(0);
      assertThat(request.streaming()).isTrue();
      assertThat(request.lastUserText()).contains("What does `Greeter.greet` return for \"Ada\"?");
      assertThat(request.contents().get(0)).contains("Answer briefly.");

      List<ApplyWorkspaceEditParams> applied = s.lsp.client.appliedEdits;
      assertThat(applied).isNotEmpty().hasSize(json.get("edits").getAsInt());
      // every edit is a versioned insert at the end of the document as it was then
      String text = CHAT;
      int version = 1;
      for (ApplyWorkspaceEditParams p : applied) {
        TextDocumentEdit tde = p.getEdit().getDocumentChanges().get(0).getLeft();
        assertThat(tde.getTextDocument().getVersion()).isEqualTo(version);
        List<TextEdit> edits = ActionSession.textEdits(p.getEdit(), uri);
        assertThat(edits).hasSize(1);
        TextEdit insert = edits.get(0);
        assertThat(insert.getRange().getStart()).isEqualTo(insert.getRange().getEnd());
        assertThat(ActionSession.offset(text, insert.getRange().getStart()))
            .as("inserted at the end")
            .isEqualTo(text.length());
        text = text + insert.getNewText();
        version++;
      }
      assertThat(text).isEqualTo(s.text(uri));
      assertThat(text).startsWith(CHAT);
      assertThat(text.substring(CHAT.length()))
          .isEqualTo("\n## Codeloop\n\n" + ANSWER + "\n\n## You\n\n");
    }
  }

  @Test
  void should_close_the_section_with_a_note_and_fail_when_the_model_fails() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(OpenAiLoopback.status(500, "{\"error\":{\"message\":\"boom\"}}"));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("notes.codeloop.md", "markdown", CHAT);

      // when
      var error = ActionSession.error(s.execute("codeloop.chat", uri));

      // then
      assertThat(error.getCode()).isEqualTo(-32803);
      assertThat(s.text(uri)).startsWith(CHAT + "\n## Codeloop\n\n").contains("*(no answer: ");
      assertThat(s.text(uri)).endsWith("## You\n\n");
    }
  }

  @Test
  void should_keep_what_the_user_types_meanwhile_after_the_intact_answer() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(OpenAiLoopback.text(ANSWER))
                .latency(java.time.Duration.ofMillis(1500));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("notes.codeloop.md", "markdown", CHAT);
      var pending = s.execute("codeloop.chat", uri);
      model.awaitRequests(1, java.time.Duration.ofSeconds(10));
      awaitEdits(s, 1);

      // when
      s.typeAtEnd(uri, "PS: typed meanwhile\n");

      // then: the answer in its own region, the user's text after it, under the new heading
      LspClient.await(pending);
      assertThat(s.text(uri))
          .isEqualTo(CHAT + "\n## Codeloop\n\n" + ANSWER + "\n\n## You\n\nPS: typed meanwhile\n");
    }
  }

  @Test
  void should_deliver_the_answer_intact_while_the_user_types_at_the_end_mid_stream()
      throws Exception {
    // given: an answer streamed in 12 parts split mid-word, 150 ms apart
    String answer =
        "The greeting is built by concatenation; for Ada it reads Hello, Ada and nothing else.";
    List<String> parts = new java.util.ArrayList<>();
    for (int i = 0; i < answer.length(); i += 7) {
      parts.add(answer.substring(i, Math.min(answer.length(), i + 7)));
    }
    try (OpenAiLoopback model = new OpenAiLoopback();
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      model.answering(model.streamedSlowly(parts, java.time.Duration.ofMillis(150)));
      String uri = s.open("notes.codeloop.md", "markdown", CHAT);

      // when: the user types a character at the end of the file every 40 ms while it streams
      var pending = s.execute("codeloop.chat", uri);
      awaitEdits(s, 1);
      StringBuilder typed = new StringBuilder();
      String keys = "and one more thing: ";
      for (int i = 0; !pending.isDone() && i < keys.length(); i++) {
        s.typeAtEnd(uri, String.valueOf(keys.charAt(i)));
        typed.append(keys.charAt(i));
        Thread.sleep(40);
      }
      LspClient.await(pending);

      // then: the answer arrived intact, and every key the user typed is kept, in order, after it
      assertThat(typed.length()).as("typed while streaming").isGreaterThan(5);
      assertThat(s.lsp.client.appliedEdits.size()).as("answer edits").isGreaterThan(3);
      assertThat(s.text(uri))
          .isEqualTo(CHAT + "\n## Codeloop\n\n" + answer + "\n\n## You\n\n" + typed);
    }
  }

  @Test
  void should_not_send_secrets_from_the_chat_or_its_referenced_files() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(ANSWER));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      s.open(
          "src/Config.java",
          "java",
          "class Config {\n  String key = \"" + SecretsTest.SECRET + "\";\n}\n");
      String uri =
          s.open(
              "notes.codeloop.md",
              "markdown",
              "## You\n\nIs @src/Config.java safe? My token is "
                  + SecretsTest.SECRET
                  + " by the way.\n");

      // when
      LspClient.await(s.execute("codeloop.chat", uri));

      // then
      assertThat(model.count()).isEqualTo(1);
      String sent = String.join("\n", model.requests.get(0).contents());
      assertThat(sent).contains("class Config").contains("<redacted>");
      assertThat(model.requests.get(0).body()).doesNotContain(SecretsTest.SECRET);
      assertThat(sent).doesNotContain(SecretsTest.SECRET);
    }
  }

  private static void awaitEdits(ActionSession s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (s.lsp.client.appliedEdits.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + n + " applyEdit requests");
      }
      Thread.sleep(10);
    }
  }
}

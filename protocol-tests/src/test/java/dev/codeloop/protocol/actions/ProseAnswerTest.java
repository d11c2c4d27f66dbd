package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.protocol.LspClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Prose answers (Explain, {@code codeloop.ask}): a Markdown document shown with showDocument. */
@Timeout(60)
class ProseAnswerTest {
  static final String EXPLANATION = "`greet` returns a greeting for **name**.";

  @TempDir Path tmp;

  @Test
  void should_show_the_explanation_as_a_document_when_explain_runs() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(EXPLANATION));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction explain = s.action(uri, range(3, 0, 5, 3), "Explain with AI");
      assertThat(explain.getCommand()).as("prose actions run through a command").isNotNull();

      // when
      Object result = LspClient.await(s.execute(explain.getCommand()));

      // then
      JsonObject json = ActionSession.json(result).getAsJsonObject();
      assertThat(json.get("markdown").getAsString()).contains(EXPLANATION);
      String answerUri = json.get("answerUri").getAsString();
      assertThat(s.lsp.client.shownDocuments)
          .extracting(ShowDocumentParams::getUri)
          .containsExactly(answerUri);
      assertThat(s.lsp.client.shownDocuments.get(0).getTakeFocus()).isTrue();
      Path file = Path.of(URI.create(answerUri));
      assertThat(file).startsWith(s.answers);
      assertThat(Files.readString(file)).contains(EXPLANATION);
      assertThat(s.lsp.client.appliedEdits).isEmpty();
      assertThat(s.text(uri)).isEqualTo(ProposeResolveTest.GREETER);
    }
  }

  @Test
  void should_still_deliver_the_explanation_when_the_user_types_meanwhile() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(OpenAiLoopback.text(EXPLANATION))
                .latency(Duration.ofMillis(1500));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction explain = s.action(uri, range(3, 0, 5, 3), "Explain with AI");
      var pending = s.execute(explain.getCommand());
      model.awaitRequests(1, Duration.ofSeconds(10));

      // when
      s.type(uri, ProposeResolveTest.GREETER + "// typing\n");

      // then
      JsonObject json = ActionSession.json(LspClient.await(pending)).getAsJsonObject();
      assertThat(json.get("markdown").getAsString()).contains(EXPLANATION);
      assertThat(s.lsp.client.shownDocuments).hasSize(1);
    }
  }

  @Test
  void should_answer_a_question_about_the_file_when_ask_runs() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(EXPLANATION));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);

      // when
      Object result = LspClient.await(s.execute("codeloop.ask", "What does greet do?", uri));

      // then
      JsonObject json = ActionSession.json(result).getAsJsonObject();
      assertThat(json.get("markdown").getAsString()).contains(EXPLANATION);
      assertThat(model.count()).isEqualTo(1);
      String sent = String.join("\n", model.requests.get(0).contents());
      assertThat(sent).contains("What does greet do?").contains("return \"Hello, \" + name;");
    }
  }
}

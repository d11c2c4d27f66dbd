package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.protocol.LspClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code textDocument/codeAction} then {@code codeAction/resolve}, through the jar. */
@Timeout(90)
class ProposeResolveTest {
  static final String GREETER =
      """
      package demo;

      class Greeter {
        String greet(String name) {
          return "Hello, " + name;
        }
      }
      """;

  static final String RENAMED_REPLY =
      """
      Here is the refactored method:

      ```java
        String welcome(String name) {
          return "Hello, " + name;
        }
      ```
      """;

  @TempDir Path tmp;

  @Test
  void should_propose_titles_and_kinds_only_when_asked_for_code_actions() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(RENAMED_REPLY));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", GREETER);

      // when
      List<CodeAction> actions =
          s.codeActions(uri, range(3, 0, 5, 3)).stream().map(Either::getRight).toList();
      Thread.sleep(300); // anything the server might start lazily would have reached the model

      // then
      assertThat(actions)
          .extracting(CodeAction::getTitle)
          .contains(
              "Refactor with AI",
              "Add documentation with AI",
              "Explain with AI",
              "Generate unit tests with AI");
      CodeAction refactor = byTitle(actions, "Refactor with AI");
      assertThat(refactor.getKind()).isEqualTo("refactor.rewrite.ai");
      assertThat(byTitle(actions, "Add documentation with AI").getKind())
          .isEqualTo("refactor.rewrite.ai.docs");
      assertThat(byTitle(actions, "Explain with AI").getKind()).isEqualTo("refactor.ai.explain");
      assertThat(actions).allSatisfy(a -> assertThat(a.getEdit()).isNull());
      assertThat(actions).allSatisfy(a -> assertThat(a.getDisabled()).isNull());
      var data = ActionSession.json(refactor.getData()).getAsJsonObject();
      assertThat(data.get("schemaVersion").getAsInt()).isEqualTo(1);
      assertThat(data.get("provider").getAsString()).isEqualTo("refactor");
      assertThat(data.get("uri").getAsString()).isEqualTo(uri);
      assertThat(data.get("version").getAsInt()).isEqualTo(1);
      assertThat(refactor.getCommand()).as("edit actions are resolved, not run").isNull();
      assertThat(model.count()).as("HTTP requests to the model").isZero();
    }
  }

  @Test
  void should_resolve_refactor_into_one_minimal_versioned_edit() throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(OpenAiLoopback.text(RENAMED_REPLY));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");

      // when
      CodeAction resolved = LspClient.await(s.resolve(refactor));

      // then
      assertThat(model.count()).isEqualTo(1);
      assertThat(model.requests.get(0).path()).isEqualTo("/v1/chat/completions");
      assertThat(model.requests.get(0).lastUserText()).contains("String greet(String name) {");
      var changes = resolved.getEdit().getDocumentChanges();
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).isLeft()).isTrue();
      TextDocumentEdit tde = changes.get(0).getLeft();
      assertThat(tde.getTextDocument().getUri()).isEqualTo(uri);
      assertThat(tde.getTextDocument().getVersion()).isEqualTo(1);
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), uri);
      assertThat(edits).as("one identifier changed: one edit").hasSize(1);
      TextEdit edit = edits.get(0);
      assertThat(edit.getNewText()).isEqualTo("welcome");
      assertThat(edit.getRange()).isEqualTo(range(3, 9, 3, 14));
      assertThat(ActionSession.apply(GREETER, edits))
          .isEqualTo(GREETER.replace("String greet(", "String welcome("));
      assertThat(s.lsp.client.appliedEdits).as("resolve never applies by itself").isEmpty();
    }
  }

  @Test
  void should_fail_with_content_modified_when_the_document_changes_while_the_model_works()
      throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(OpenAiLoopback.text(RENAMED_REPLY))
                .latency(Duration.ofSeconds(20));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");
      var pending = s.resolve(refactor);
      model.awaitRequests(1, Duration.ofSeconds(10));

      // when
      s.type(uri, GREETER.replace("Hello, ", "Hi, "));
      long typedAt = System.nanoTime();
      ResponseError error = ActionSession.error(pending);

      // then
      assertThat(error.getCode()).isEqualTo(-32801);
      assertThat(error.getMessage()).contains("changed");
      assertThat(Duration.ofNanos(System.nanoTime() - typedAt))
          .as("the slow model is abandoned, not waited for")
          .isLessThan(Duration.ofSeconds(5));
      assertThat(s.lsp.client.appliedEdits).isEmpty();
    }
  }

  static CodeAction byTitle(List<CodeAction> actions, String title) {
    return actions.stream().filter(a -> title.equals(a.getTitle())).findFirst().orElseThrow();
  }
}

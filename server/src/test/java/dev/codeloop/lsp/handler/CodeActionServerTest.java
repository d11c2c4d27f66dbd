package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeActionServerTest {
  private static final String JAVA = "class A {\n  int f() {\n    return foo(bar);\n  }\n}\n";
  private static final Range BAR = new Range(new Position(2, 15), new Position(2, 18));

  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private ServerHarness start(ServerHarness.Caps caps) throws Exception {
    h = ServerHarness.start(root, caps);
    return h;
  }

  private List<CodeAction> actions(
      String uri, Range range, List<String> only, Diagnostic... diagnostics) throws Exception {
    CodeActionContext context = new CodeActionContext(List.of(diagnostics));
    context.setOnly(only);
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> result =
        h.server
            .getTextDocumentService()
            .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), range, context))
            .get(10, TimeUnit.SECONDS);
    return result.stream().map(Either::getRight).toList();
  }

  private static CodeAction titled(List<CodeAction> actions, String title) {
    return actions.stream().filter(a -> a.getTitle().equals(title)).findFirst().orElseThrow();
  }

  private static ResponseErrorException responseError(CompletableFuture<?> f) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(ResponseErrorException.class);
    return (ResponseErrorException) t.getCause();
  }

  @Test
  void should_propose_without_the_model_and_resolve_to_a_minimal_versioned_edit() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\n    return foo(baz);\n```");

    // when
    List<CodeAction> actions = actions(uri, BAR, null);

    // then
    assertThat(h.models.requests()).isEmpty();
    assertThat(actions)
        .extracting(CodeAction::getTitle)
        .containsExactly(
            "Refactor with AI",
            "Add documentation with AI",
            "Explain with AI",
            "Generate unit tests with AI",
            "Plan this change with AI");
    CodeAction refactor = titled(actions, "Refactor with AI");
    assertThat(refactor.getKind()).isEqualTo("refactor.rewrite.ai");
    assertThat(refactor.getEdit()).isNull();
    assertThat(refactor.getCommand()).isNull();

    // when
    CodeAction resolved =
        h.server.getTextDocumentService().resolveCodeAction(refactor).get(10, TimeUnit.SECONDS);

    // then
    var change = resolved.getEdit().getDocumentChanges().get(0).getLeft();
    assertThat(change.getTextDocument().getVersion()).isEqualTo(1);
    assertThat(change.getEdits())
        .extracting(Either::getLeft)
        .containsExactly(new TextEdit(new Range(new Position(2, 15), new Position(2, 18)), "baz"));
  }

  @Test
  void should_answer_content_modified_when_the_document_changed_before_resolve() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\nx\n```");
    CodeAction refactor = titled(actions(uri, BAR, null), "Refactor with AI");

    // when
    h.client.type(uri, JAVA + "// more\n");
    var error = responseError(h.server.getTextDocumentService().resolveCodeAction(refactor));

    // then
    assertThat(error.getResponseError().getCode())
        .isEqualTo(ResponseErrorCode.ContentModified.getValue());
    assertThat(h.models.requests()).isEmpty();
  }

  @Test
  void should_cancel_and_apply_nothing_when_the_user_types_while_the_model_works()
      throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    CountDownLatch never = new CountDownLatch(1);
    h.models.blockOn(never).reply("```java\nint f() { return 2; }\n```");
    CodeAction refactor = titled(actions(uri, BAR, null), "Refactor with AI");
    var pending = h.server.getTextDocumentService().resolveCodeAction(refactor);
    assertThat(h.models.awaitCall(5000)).isTrue();

    // when
    h.client.type(uri, "// typed\n" + JAVA);

    // then
    var error = responseError(pending);
    assertThat(error.getResponseError().getCode())
        .isEqualTo(ResponseErrorCode.ContentModified.getValue());
    assertThat(h.client.applyEdits).isEmpty();
  }

  @Test
  void should_show_actions_disabled_with_the_reason_when_no_model_serves_the_route()
      throws Exception {
    // given
    start(new ServerHarness.Caps());
    h.models.unusable(Task.CODE_ACTION, "configure a model under 'routes.codeAction'");
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);

    // when
    List<CodeAction> actions = actions(uri, BAR, null);

    // then
    assertThat(titled(actions, "Refactor with AI").getDisabled().getReason())
        .isEqualTo("configure a model under 'routes.codeAction'");
    assertThat(titled(actions, "Plan this change with AI").getDisabled()).isNull();
  }

  @Test
  void should_honour_context_only() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    Diagnostic d = new Diagnostic(BAR, "cannot find symbol bar", DiagnosticSeverity.Error, "javac");

    // when
    List<CodeAction> actions = actions(uri, BAR, List.of("quickfix"), d);

    // then
    assertThat(actions)
        .extracting(CodeAction::getTitle)
        .containsExactly("Fix with AI: cannot find symbol bar");
    assertThat(actions.get(0).getKind()).isEqualTo("quickfix.ai");
    assertThat(actions.get(0).getDiagnostics()).containsExactly(d);
    assertThat(actions.get(0).getIsPreferred()).isTrue();
  }

  @Test
  void should_offer_fix_with_ai_for_a_codeloop_check_diagnostic_and_resolve_it() throws Exception {
    // given: a diagnostic our own check run published, sent back by the client in the context
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    Diagnostic d =
        new Diagnostic(BAR, "cannot find symbol: bar", DiagnosticSeverity.Error, "codeloop:check");
    d.setCode(Either.forLeft("compiler.err.cant.resolve"));
    h.models.reply("```java\n  int f() {\n    return foo(baz);\n  }\n```");

    // when
    List<CodeAction> actions = actions(uri, BAR, List.of("quickfix"), d);

    // then
    assertThat(actions)
        .extracting(CodeAction::getTitle)
        .containsExactly("Fix with AI: cannot find symbol: bar");
    assertThat(actions.get(0).getDiagnostics()).containsExactly(d);
    assertThat(actions.get(0).getIsPreferred()).isTrue();

    // and resolving it asks the model with the diagnostic in the prompt
    CodeAction resolved =
        h.server
            .getTextDocumentService()
            .resolveCodeAction(actions.get(0))
            .get(10, TimeUnit.SECONDS);
    assertThat(resolved.getEdit()).isNotNull();
    assertThat(h.models.requests()).hasSize(1);
    assertThat(h.models.requests().get(0).task()).isEqualTo(Task.FIX);
    assertThat(h.models.requests().get(0).toString()).contains("cannot find symbol: bar");
  }

  @Test
  void should_apply_through_the_command_when_the_client_cannot_resolve() throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.resolve = false;
    start(caps);
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\n    return foo(baz);\n```");
    CodeAction refactor = titled(actions(uri, BAR, null), "Refactor with AI");
    assertThat(refactor.getCommand().getCommand()).isEqualTo("codeloop.applyAction");

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(
            new ExecuteCommandParams(
                refactor.getCommand().getCommand(), refactor.getCommand().getArguments()))
        .get(10, TimeUnit.SECONDS);

    // then
    assertThat(h.client.applyEdits).hasSize(1);
    assertThat(h.client.text(uri)).isEqualTo(JAVA.replace("bar", "baz"));
  }

  @Test
  void should_use_the_changes_map_when_the_client_lacks_document_changes() throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.documentChanges = false;
    start(caps);
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\n    return foo(baz);\n```");
    CodeAction refactor = titled(actions(uri, BAR, null), "Refactor with AI");

    // when
    CodeAction resolved =
        h.server.getTextDocumentService().resolveCodeAction(refactor).get(10, TimeUnit.SECONDS);

    // then
    assertThat(resolved.getEdit().getDocumentChanges()).isNull();
    assertThat(resolved.getEdit().getChanges().get(uri))
        .containsExactly(new TextEdit(new Range(new Position(2, 15), new Position(2, 18)), "baz"));
  }

  @Test
  void should_fail_with_request_failed_and_no_edit_on_a_malformed_reply() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("I would rather not write code today.");
    CodeAction refactor = titled(actions(uri, BAR, null), "Refactor with AI");

    // when
    var error = responseError(h.server.getTextDocumentService().resolveCodeAction(refactor));

    // then
    assertThat(error.getResponseError().getCode())
        .isEqualTo(ResponseErrorCode.RequestFailed.getValue());
    assertThat(error.getResponseError().getMessage()).contains("no code block");
  }

  @Test
  void should_offer_and_run_custom_actions_from_settings() throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.settingsJson =
        "{\"codeActions\":{\"custom\":[{\"title\":\"Rename to baz\",\"kind\":\"refactor.rewrite.ai.custom\","
            + "\"prompt\":\"Rename in {{language}}: {{selection}}\",\"route\":\"codeAction.refactor\"}]}}";
    start(caps);
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\n    return foo(baz);\n```");
    List<CodeAction> actions =
        actions(uri, new Range(new Position(2, 4), new Position(2, 20)), null);
    CodeAction custom = titled(actions, "Rename to baz");

    // when
    CodeAction resolved =
        h.server.getTextDocumentService().resolveCodeAction(custom).get(10, TimeUnit.SECONDS);

    // then
    assertThat(custom.getKind()).isEqualTo("refactor.rewrite.ai.custom");
    assertThat(h.models.lastPrompt()).contains("Rename in java:     return foo(bar);");
    assertThat(h.models.requests().get(0).task()).isEqualTo(Task.REFACTOR);
    assertThat(resolved.getEdit().getDocumentChanges().get(0).getLeft().getEdits())
        .extracting(Either::getLeft)
        .containsExactly(new TextEdit(BAR, "baz"));
  }

  @Test
  void should_show_an_explanation_as_a_markdown_document() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("`f` returns foo of bar.");
    CodeAction explain = titled(actions(uri, BAR, null), "Explain with AI");
    assertThat(explain.getCommand().getCommand()).isEqualTo("codeloop.applyAction");

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(
            new ExecuteCommandParams(
                explain.getCommand().getCommand(), explain.getCommand().getArguments()))
        .get(10, TimeUnit.SECONDS);

    // then
    assertThat(h.client.shownDocuments).hasSize(1);
    Path shown = Path.of(java.net.URI.create(h.client.shownDocuments.get(0).getUri()));
    assertThat(shown.getFileName().toString()).matches("explain-\\d+\\.md");
    assertThat(Files.readString(shown)).contains("# Explanation of f", "`f` returns foo of bar.");
    assertThat(h.client.applyEdits).isEmpty();
  }

  @Test
  void should_send_the_whole_answer_as_a_message_when_documents_cannot_be_shown() throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.showDocument = false;
    start(caps);
    String longAnswer = "word ".repeat(5000);
    h.models.reply(longAnswer);

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("What is Codeloop?")))
        .get(10, TimeUnit.SECONDS);

    // then
    assertThat(h.client.messages).hasSize(1);
    assertThat(h.client.messages.get(0).getType()).isEqualTo(MessageType.Info);
    assertThat(h.client.messages.get(0).getMessage()).contains(longAnswer.strip());
  }

  @Test
  void should_create_the_test_file_with_a_create_file_operation() throws Exception {
    // given
    Files.writeString(root.resolve("pom.xml"), "<project>junit-jupiter</project>");
    start(new ServerHarness.Caps());
    String uri = h.uri("src/main/java/demo/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\nclass ATest {}\n```");
    CodeAction tests = titled(actions(uri, BAR, null), "Generate unit tests with AI");

    // when
    CodeAction resolved =
        h.server.getTextDocumentService().resolveCodeAction(tests).get(10, TimeUnit.SECONDS);

    // then
    var changes = resolved.getEdit().getDocumentChanges();
    String testUri = h.uri("src/test/java/demo/ATest.java");
    assertThat(changes.get(0).getRight().getKind()).isEqualTo("create");
    assertThat(changes.get(1).getLeft().getTextDocument().getUri()).isEqualTo(testUri);
    assertThat(changes.get(1).getLeft().getEdits().get(0).getLeft().getNewText())
        .isEqualTo("class ATest {}\n");
  }

  @Test
  void should_run_the_plan_workflow_command_with_positional_arguments() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("{\"summary\":\"Do it.\",\"steps\":[{\"title\":\"Step one\"}]}");

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(new ExecuteCommandParams("codeloop.plan", List.of("extract a method", uri)))
        .get(10, TimeUnit.SECONDS);

    // then
    assertThat(h.models.requests().get(0).task()).isEqualTo(Task.PLAN);
    assertThat(h.models.lastPrompt()).contains("Goal: extract a method");
    Path shown = Path.of(java.net.URI.create(h.client.shownDocuments.get(0).getUri()));
    assertThat(shown.getFileName().toString()).matches("plan-\\d+\\.md");
    assertThat(Files.readString(shown)).contains("1. **Step one**");
  }

  @Test
  void should_report_work_done_progress_while_a_command_waits_for_the_model() throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.workDoneProgress = true;
    start(caps);
    h.models.reply("An answer.");

    // when
    h.server
        .getWorkspaceService()
        .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("Why?")))
        .get(10, TimeUnit.SECONDS);

    // then
    assertThat(h.client.progress).hasSize(2);
    assertThat(h.client.progress.get(0).getValue().getLeft())
        .isInstanceOf(org.eclipse.lsp4j.WorkDoneProgressBegin.class);
    assertThat(h.client.progress.get(1).getValue().getLeft())
        .isInstanceOf(org.eclipse.lsp4j.WorkDoneProgressEnd.class);
  }

  @Test
  void should_disable_actions_on_files_excluded_by_privacy_settings() throws Exception {
    // given
    start(new ServerHarness.Caps());
    String uri = h.uri("config/.env");
    h.client.open(uri, "plaintext", "API_KEY=secret\n");
    String java = h.uri("src/A.java");
    h.client.open(java, "java", JAVA);

    // when
    List<CodeAction> actions =
        actions(uri, new Range(new Position(0, 0), new Position(0, 3)), null);

    // then
    assertThat(actions).isNotEmpty();
    assertThat(actions)
        .allSatisfy(a -> assertThat(a.getDisabled().getReason()).contains("privacy.excludeGlobs"));
    assertThat(actions(java, BAR, null)).allSatisfy(a -> assertThat(a.getDisabled()).isNull());
  }

  @Test
  void should_create_the_empty_test_file_itself_when_the_client_cannot_create_files()
      throws Exception {
    // given
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.createFiles = false;
    start(caps);
    String uri = h.uri("src/main/java/demo/A.java");
    h.client.open(uri, "java", JAVA);
    h.models.reply("```java\nclass ATest {}\n```");
    CodeAction tests = titled(actions(uri, BAR, null), "Generate unit tests with AI");

    // when
    CodeAction resolved =
        h.server.getTextDocumentService().resolveCodeAction(tests).get(10, TimeUnit.SECONDS);

    // then
    Path created = root.resolve("src/test/java/demo/ATest.java");
    assertThat(created).exists().isEmptyFile();
    var changes = resolved.getEdit().getDocumentChanges();
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).getLeft().getTextDocument().getVersion()).isNull();
    assertThat(changes.get(0).getLeft().getEdits().get(0).getLeft().getNewText())
        .isEqualTo("class ATest {}\n");
  }
}

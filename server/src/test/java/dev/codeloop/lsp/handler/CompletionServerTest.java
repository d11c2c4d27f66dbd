package dev.codeloop.lsp.handler;

import static dev.codeloop.lsp.handler.CompletionServerHarness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonElement;
import dev.codeloop.model.ModelRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SelectedCompletionInfo;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionServerTest {
  private static final String FILE = "src/Main.java";

  @TempDir Path root;
  private CompletionServerHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private CompletionServerHarness start(boolean inline, String settings) throws Exception {
    harness = new CompletionServerHarness(root, inline, settings);
    return harness;
  }

  private CompletableFuture<List<InlineCompletionItem>> inline(
      int line, int character, InlineCompletionTriggerKind kind, SelectedCompletionInfo selected) {
    InlineCompletionParams params =
        new InlineCompletionParams(
            new TextDocumentIdentifier(harness.uri(FILE)),
            new Position(line, character),
            new InlineCompletionContext(kind, selected));
    return harness
        .server
        .getTextDocumentService()
        .inlineCompletion(params)
        .thenApply(e -> e.isLeft() ? e.getLeft() : e.getRight().getItems());
  }

  private CompletableFuture<?> rawInline(int line, int character) {
    InlineCompletionParams params =
        new InlineCompletionParams(
            new TextDocumentIdentifier(harness.uri(FILE)),
            new Position(line, character),
            new InlineCompletionContext(InlineCompletionTriggerKind.Invoked));
    return harness.server.getTextDocumentService().inlineCompletion(params);
  }

  private static List<String> texts(List<InlineCompletionItem> items) {
    return items.stream().map(i -> i.getInsertText().getLeft()).toList();
  }

  @Test
  void should_serve_inline_completion_when_client_supports_it() throws Exception {
    // given
    start(true, null);
    harness.model.reply("o(1);");
    harness.open(FILE, "java", "int x = fo");

    // when
    var items = get(inline(0, 10, InlineCompletionTriggerKind.Invoked, null));

    // then
    assertThat(harness.initializeResult.getCapabilities().getInlineCompletionProvider())
        .isNotNull();
    assertThat(harness.initializeResult.getCapabilities().getCompletionProvider()).isNull();
    assertThat(texts(items)).containsExactly("o(1);");
    assertThat(items.get(0).getRange())
        .isEqualTo(new Range(new Position(0, 10), new Position(0, 10)));
    assertThat(items.get(0).getCommand().getCommand()).isEqualTo("codeloop.acceptCompletion");
  }

  @Test
  void should_serve_list_completion_when_client_lacks_inline() throws Exception {
    // given
    start(false, null);
    harness.model.reply("o(1);");
    harness.open(FILE, "java", "int x = fo");
    CompletionParams params =
        new CompletionParams(new TextDocumentIdentifier(harness.uri(FILE)), new Position(0, 10));
    params.setContext(new CompletionContext(CompletionTriggerKind.Invoked));

    // when
    CompletionList list =
        get(harness.server.getTextDocumentService().completion(params)).getRight();

    // then
    assertThat(harness.initializeResult.getCapabilities().getCompletionProvider()).isNotNull();
    assertThat(harness.initializeResult.getCapabilities().getInlineCompletionProvider()).isNull();
    assertThat(list.isIncomplete()).isTrue();
    CompletionItem item = list.getItems().get(0);
    assertThat(item.getTextEdit().getLeft().getNewText()).isEqualTo("foo(1);");
    assertThat(item.getTextEdit().getLeft().getRange())
        .isEqualTo(new Range(new Position(0, 8), new Position(0, 10)));
    assertThat(item.getFilterText()).isEqualTo("foo(1);");
    assertThat(item.getDetail()).contains("fake");
    // a list is asked for as the user types (LSP's Invoked): never the longer search
    assertThat(harness.model.requests())
        .extracting(r -> r.fim().orElseThrow().requested())
        .containsOnly(false);
  }

  @Test
  void should_offer_several_candidates_to_cycle_when_invoked_and_one_when_automatic()
      throws Exception {
    // given
    start(true, "{\"completion\": {\"debounceMs\": 0, \"maxCandidates\": 3}}");
    harness.model.reply("a;", "b;", "c;").reply("z;");
    harness.open(FILE, "java", "int x = ");

    // when
    var invoked = get(inline(0, 8, InlineCompletionTriggerKind.Invoked, null));
    harness.insert(FILE, 2, 0, 8, "y + ");
    var automatic = get(inline(0, 12, InlineCompletionTriggerKind.Automatic, null));

    // then
    assertThat(texts(invoked)).containsExactly("a;", "b;", "c;");
    assertThat(texts(automatic)).containsExactly("z;");
    assertThat(harness.model.requests()).extracting(ModelRequest::candidates).containsExactly(3, 1);
    // the one the user asked for may take a local model longer; the one asked as they typed not
    assertThat(harness.model.requests())
        .extracting(r -> r.fim().orElseThrow().requested())
        .containsExactly(true, false);
  }

  @Test
  void should_extend_the_selected_completion_item() throws Exception {
    // given
    start(true, null);
    harness.model.reply("(\"hi\");");
    harness.open(FILE, "java", "System.out.pr");
    var selected =
        new SelectedCompletionInfo(new Range(new Position(0, 11), new Position(0, 13)), "println");

    // when
    var items = get(inline(0, 13, InlineCompletionTriggerKind.Automatic, selected));

    // then
    assertThat(items)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getInsertText().getLeft()).isEqualTo("println(\"hi\");");
              assertThat(i.getRange()).isEqualTo(selected.getRange());
            });
  }

  @Test
  void should_cancel_the_model_call_when_the_request_is_cancelled() throws Exception {
    // given
    start(true, null);
    harness.model.block().reply("never");
    harness.open(FILE, "java", "int x = ");
    var pending = rawInline(0, 8);
    assertThat(harness.model.awaitCall(Duration.ofSeconds(5))).isTrue();

    // when: the client sends $/cancelRequest
    pending.cancel(true);

    // then
    awaitTrue(() -> harness.model.cancelledCalls() == 1);
    assertThat(harness.model.calls()).isEqualTo(1);
  }

  @Test
  void should_answer_cancelled_or_empty_when_cancel_arrives_for_a_blocked_request()
      throws Exception {
    // given: a raw request future (not cancelled locally) so that the server's answer is observable
    start(true, null);
    harness.model.block().reply("never");
    harness.open(FILE, "java", "int x = ");
    var pending = rawInline(0, 8);
    assertThat(harness.model.awaitCall(Duration.ofSeconds(5))).isTrue();

    // when
    pending.cancel(true);
    Throwable thrown = catchThrowable(() -> get(pending));

    // then: the request ends as cancelled (-32800), and the abandoned model call is stopped
    assertThat(thrown)
        .satisfiesAnyOf(
            t -> assertThat(t).isInstanceOf(CancellationException.class),
            t ->
                assertThat(((ResponseErrorException) t.getCause()).getResponseError().getCode())
                    .isEqualTo(ResponseErrorCode.RequestCancelled.getValue()));
    awaitTrue(() -> harness.model.cancelledCalls() == 1);
  }

  @Test
  void should_return_empty_when_the_document_changed_while_the_model_worked() throws Exception {
    // given
    start(true, null);
    harness.model.block().reply("1;");
    harness.open(FILE, "java", "int x = ");
    var pending = inline(0, 8, InlineCompletionTriggerKind.Invoked, null);
    assertThat(harness.model.awaitCall(Duration.ofSeconds(5))).isTrue();

    // when
    harness.insert(FILE, 2, 0, 8, "4");
    harness.sync();
    harness.model.release();

    // then
    assertThat(get(pending)).isEmpty();
  }

  @Test
  void should_serve_type_ahead_and_backspace_from_the_cache() throws Exception {
    // given
    start(true, "{\"completion\": {\"debounceMs\": 0}}");
    harness.model.reply("o(1);");
    harness.open(FILE, "java", "int x = fo");
    assertThat(texts(get(inline(0, 10, InlineCompletionTriggerKind.Automatic, null))))
        .containsExactly("o(1);");

    // when: typing "o(" of the suggestion, then backspacing it
    harness.insert(FILE, 2, 0, 10, "o(");
    var typedAhead = get(inline(0, 12, InlineCompletionTriggerKind.Automatic, null));
    harness.replace(FILE, 3, new Range(new Position(0, 10), new Position(0, 12)), "");
    var backspaced = get(inline(0, 10, InlineCompletionTriggerKind.Automatic, null));

    // then
    assertThat(texts(typedAhead)).containsExactly("1);");
    assertThat(texts(backspaced)).containsExactly("o(1);");
    assertThat(harness.model.calls()).isEqualTo(1);
  }

  @Test
  void should_join_a_suggestion_still_being_generated_when_typing_ahead() throws Exception {
    // given: a slow model working on the suggestion at "fo"
    start(true, "{\"completion\": {\"debounceMs\": 0}}");
    harness.model.block().reply("o(1);");
    harness.open(FILE, "java", "int x = fo");
    var first = inline(0, 10, InlineCompletionTriggerKind.Automatic, null);
    assertThat(harness.model.awaitCall(Duration.ofSeconds(5))).isTrue();

    // when: the user types "o" (the start of the coming suggestion) and the editor asks again
    harness.insert(FILE, 2, 0, 10, "o");
    var second = inline(0, 11, InlineCompletionTriggerKind.Automatic, null);
    harness.sync();
    harness.model.release();

    // then: the older request is superseded, the newer one is served by the same model call
    assertThat(get(first)).isEmpty();
    assertThat(texts(get(second))).containsExactly("(1);");
    assertThat(harness.model.calls()).isEqualTo(1);
  }

  @Test
  void should_answer_both_the_ghost_text_and_the_menu_asked_at_one_keystroke() throws Exception {
    // given: an editor showing both (completion.style both), a model still working
    start(true, "{\"completion\": {\"debounceMs\": 0, \"style\": \"both\"}}");
    harness.model.block().reply("o(1);");
    harness.open(FILE, "java", "int x = fo");

    // when: the ghost text and the menu asked at the same position, one right after the other
    var ghost = inline(0, 10, InlineCompletionTriggerKind.Automatic, null);
    CompletionParams params =
        new CompletionParams(new TextDocumentIdentifier(harness.uri(FILE)), new Position(0, 10));
    params.setContext(new CompletionContext(CompletionTriggerKind.TriggerForIncompleteCompletions));
    var menu = harness.server.getTextDocumentService().completion(params);
    assertThat(harness.model.awaitCall(Duration.ofSeconds(5))).isTrue();
    harness.sync();
    harness.model.release();

    // then: neither supersedes the other, and they share the model's one answer
    assertThat(harness.initializeResult.getCapabilities().getCompletionProvider()).isNotNull();
    assertThat(texts(get(ghost))).containsExactly("o(1);");
    assertThat(get(menu).getRight().getItems())
        .extracting(i -> i.getTextEdit().getLeft().getNewText())
        .containsExactly("foo(1);");
    assertThat(harness.model.calls()).isEqualTo(1);
  }

  @Test
  void should_debounce_automatic_requests_in_quick_succession() throws Exception {
    // given
    start(true, "{\"completion\": {\"debounceMs\": 300}}");
    harness.model.reply("1;");
    harness.open(FILE, "java", "int x = ");

    // when
    var first = inline(0, 8, InlineCompletionTriggerKind.Automatic, null);
    var second = inline(0, 8, InlineCompletionTriggerKind.Automatic, null);

    // then
    assertThat(texts(get(second))).containsExactly("1;");
    assertThat(get(first)).isEmpty();
    assertThat(harness.model.calls()).isEqualTo(1);
  }

  @Test
  void should_record_acceptance_statistics() throws Exception {
    // given
    start(true, null);
    harness.model.named("fast").reply("1;");
    harness.open(FILE, "java", "int x = ");
    var item = get(inline(0, 8, InlineCompletionTriggerKind.Invoked, null)).get(0);

    // when
    Object accepted =
        get(
            harness
                .server
                .getWorkspaceService()
                .executeCommand(
                    new ExecuteCommandParams(
                        item.getCommand().getCommand(), item.getCommand().getArguments())));
    Object stats =
        get(
            harness
                .server
                .getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("codeloop.completionStats", List.of())));

    // then
    assertThat(accepted.toString()).isEqualTo("true");
    JsonElement row =
        new com.google.gson.Gson()
            .toJsonTree(stats)
            .getAsJsonObject()
            .getAsJsonArray("completion")
            .get(0);
    assertThat(row.getAsJsonObject().get("model").getAsString()).isEqualTo("fast");
    assertThat(row.getAsJsonObject().get("language").getAsString()).isEqualTo("java");
    assertThat(row.getAsJsonObject().get("shown").getAsInt()).isEqualTo(1);
    assertThat(row.getAsJsonObject().get("accepted").getAsInt()).isEqualTo(1);
  }

  @Test
  void should_never_send_secret_files_or_ignored_files_and_redact_secrets() throws Exception {
    // given
    Files.writeString(root.resolve(".gitignore"), "generated/\n");
    start(true, null);
    harness.model.reply("x;");
    harness.open(
        ".env",
        "dotenv",
        "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx1234\nMain main int token");
    harness.open(
        "generated/Gen.java", "java", "class Gen { int token = 42; String mainSecretMarker; }");
    harness.open(
        FILE,
        "java",
        "class Main {\n  String token = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\";\n  int x = \n}\n");

    // when
    var items = get(inline(2, 10, InlineCompletionTriggerKind.Invoked, null));

    // then
    assertThat(texts(items)).containsExactly("x;");
    String prompt = harness.model.lastRequest().toString();
    assertThat(prompt)
        .doesNotContain("sk-proj-abcdefghijklmnopqrstuvwx1234")
        .doesNotContain("OPENAI_API_KEY")
        .doesNotContain("mainSecretMarker")
        .doesNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789")
        .contains("<redacted>");
  }

  @Test
  void should_redact_every_completion_of_a_document_as_it_changes() throws Exception {
    // given: a clean document, completed once (the redactor remembers its clean prefix and
    // suffix), then secrets typed before and after the cursor and completed again, twice
    start(true, null);
    harness.model.reply("x;");
    harness.open(FILE, "java", "class Main {\n  int a = 1;\n  int x = \n  int b = 2;\n}\n");
    get(inline(2, 10, InlineCompletionTriggerKind.Invoked, null));
    harness.insert(FILE, 2, 1, 12, " String k = \"sk-proj-abcdefghijklmnopqrstuvwx1234\";");
    harness.insert(FILE, 3, 3, 12, " String t = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\";");

    // when
    get(inline(2, 10, InlineCompletionTriggerKind.Invoked, null));
    get(inline(2, 10, InlineCompletionTriggerKind.Invoked, null));

    // then
    assertThat(harness.model.requests()).hasSizeGreaterThanOrEqualTo(2);
    for (var request : harness.model.requests().subList(1, harness.model.requests().size())) {
      var fim = request.fim().orElseThrow();
      assertThat(fim.prefix() + fim.suffix() + fim.snippets())
          .doesNotContain("sk-proj-abcdefghijklmnopqrstuvwx1234")
          .doesNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
      assertThat(fim.prefix()).contains("String k = \"<redacted>\"");
      assertThat(fim.suffix()).contains("String t = \"<redacted>\"");
    }
  }

  @Test
  void should_not_call_the_model_for_a_secret_file() throws Exception {
    // given
    start(true, null);
    harness.model.reply("x");
    harness.open(".env", "dotenv", "API_KEY=");

    // when
    InlineCompletionParams params =
        new InlineCompletionParams(
            new TextDocumentIdentifier(harness.uri(".env")),
            new Position(0, 8),
            new InlineCompletionContext(InlineCompletionTriggerKind.Invoked));
    var result = get(harness.server.getTextDocumentService().inlineCompletion(params));

    // then
    assertThat(result.getRight().getItems()).isEmpty();
    assertThat(harness.model.calls()).isZero();
  }

  @Test
  void should_report_model_failure_of_an_invoked_completion_as_request_failed() throws Exception {
    // given
    start(true, null);
    harness.model.failWith(
        new dev.codeloop.model.ModelException(
            dev.codeloop.model.ModelException.Kind.NOT_CONFIGURED, null, "no model configured"));
    harness.open(FILE, "java", "int x = ");

    // when
    Throwable thrown =
        catchThrowable(() -> get(inline(0, 8, InlineCompletionTriggerKind.Invoked, null)));

    // then
    assertThat(thrown)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ResponseErrorException.class);
    assertThat(((ResponseErrorException) thrown.getCause()).getResponseError().getCode())
        .isEqualTo(ResponseErrorCode.RequestFailed.getValue());
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition within 5 s").isTrue();
  }
}

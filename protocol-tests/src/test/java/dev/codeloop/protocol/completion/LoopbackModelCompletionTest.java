package dev.codeloop.protocol.completion;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.codeloop.protocol.LspClient;
import dev.codeloop.protocol.RawClient;
import dev.codeloop.protocol.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SelectedCompletionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Completion through the jar against a scripted OpenAI-compatible model on 127.0.0.1. */
@Timeout(60)
class LoopbackModelCompletionTest {
  private static final String URI = "file:///tmp/codeloop-ptcomp/src/Main.java";
  private static final String SECRET = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";

  /** Line 4 ends with {@code builder.}: a single-line completion, nothing after the cursor. */
  private static final String MAIN =
      """
      package demo;

      public class Main {
        void run(StringBuilder builder) {
          builder.
        }
      }
      """;

  private static final Position AFTER_DOT = new Position(4, 12);

  @TempDir Path xdg;
  private LoopbackModel model;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startModel() throws Exception {
    model = new LoopbackModel();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    model.close();
  }

  private CompletionSession session(boolean inline, String extraSettings, LoopbackModel... models)
      throws Exception {
    LoopbackModel[] route = models.length == 0 ? new LoopbackModel[] {model} : models;
    CompletionSession s =
        CompletionSession.start(
            xdg, CompletionSession.loopbackSettings(extraSettings, route), inline, null);
    closeables.add(0, s);
    return s;
  }

  static String text(InlineCompletionItem item) {
    return item.getInsertText().isLeft()
        ? item.getInsertText().getLeft()
        : item.getInsertText().getRight().getValue();
  }

  static List<String> texts(List<InlineCompletionItem> items) {
    return items.stream().map(LoopbackModelCompletionTest::text).toList();
  }

  static String newText(CompletionItem item) {
    return item.getTextEdit().isLeft()
        ? item.getTextEdit().getLeft().getNewText()
        : item.getTextEdit().getRight().getNewText();
  }

  // (1) inline vs list by capability

  @Test
  void should_advertise_and_answer_inline_completion_when_client_supports_it() throws Exception {
    // given
    model.replies("append(\"x\");");
    CompletionSession s = session(true, null);
    s.open(URI, MAIN);

    // when
    List<InlineCompletionItem> items =
        s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Invoked);

    // then
    InitializeResult init = s.initializeResult;
    assertThat(init.getCapabilities().getInlineCompletionProvider()).isNotNull();
    assertThat(texts(items)).containsExactly("append(\"x\");");
    assertThat(items.get(0).getRange()).isEqualTo(new Range(AFTER_DOT, AFTER_DOT));
    assertThat(items.get(0).getCommand().getCommand()).isEqualTo("codeloop.acceptCompletion");
    assertThat(model.requests).extracting(LoopbackModel.Recorded::path).contains("/v1/completions");
  }

  @Test
  void should_advertise_and_answer_list_completion_when_client_has_no_inline_capability()
      throws Exception {
    // given
    model.replies("append(\"x\");");
    CompletionSession s = session(false, null);
    s.open(URI, MAIN);

    // when
    CompletionList list = s.complete(URI, AFTER_DOT, CompletionTriggerKind.Invoked);

    // then
    InitializeResult init = s.initializeResult;
    assertThat(init.getCapabilities().getInlineCompletionProvider()).isNull();
    assertThat(init.getCapabilities().getCompletionProvider()).isNotNull();
    assertThat(list.isIncomplete()).isTrue();
    // the model's continuation comes with the menu's words (invoked, nothing typed after the dot)
    assertThat(list.getItems()).extracting(CompletionItem::getSortText).isSorted();
    CompletionItem item =
        list.getItems().stream()
            .filter(i -> newText(i).equals("append(\"x\");"))
            .findFirst()
            .orElseThrow();
    assertThat(item.getTextEdit().getLeft().getRange()).isEqualTo(new Range(AFTER_DOT, AFTER_DOT));
    assertThat(item.getDetail()).isEqualTo("Codeloop · fast");
    assertThat(list.getItems().indexOf(item)).isLessThanOrEqualTo(1);
    assertThat(item.getSortText()).startsWith("0000");
    assertThat(item.getCommand().getCommand()).isEqualTo("codeloop.acceptCompletion");
  }

  @Test
  void should_return_one_list_item_sorted_last_when_triggered_by_a_trigger_character()
      throws Exception {
    // given
    model.replies("append(\"a\");", "append(\"b\");");
    CompletionSession s = session(false, null);
    s.open(URI, MAIN);

    // when
    CompletionList list =
        LspClient.await(
            s.completeAsync(URI, AFTER_DOT, CompletionTriggerKind.TriggerCharacter, "."));

    // then
    assertThat(model.count()).isEqualTo(1);
    assertThat(model.requests.get(0).json().has("n")).isFalse();
    assertThat(list.getItems()).hasSize(1);
    assertThat(newText(list.getItems().get(0))).isEqualTo("append(\"a\");");
    assertThat(list.getItems().get(0).getSortText()).isEqualTo("zzzz00");
  }

  // (2) cycling

  @Test
  void should_ask_the_model_once_for_max_candidates_and_return_them_all_when_invoked()
      throws Exception {
    // given
    model.replies("append(\"a\");", "append(\"b\");", "setLength(0);");
    CompletionSession s = session(true, null);
    s.open(URI, MAIN);

    // when
    List<InlineCompletionItem> items =
        s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Invoked);

    // then: one HTTP request asking n = maxCandidates (3), every distinct choice as an item
    assertThat(model.count()).isEqualTo(1);
    assertThat(model.requests.get(0).json().get("n").getAsInt()).isEqualTo(3);
    assertThat(texts(items))
        .containsExactlyInAnyOrder("append(\"a\");", "append(\"b\");", "setLength(0);");
  }

  @Test
  void should_ask_one_candidate_when_automatic() throws Exception {
    // given
    model.replies("append(\"a\");", "append(\"b\");");
    CompletionSession s = session(true, null);
    s.open(URI, MAIN);

    // when
    List<InlineCompletionItem> items =
        s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Automatic);

    // then
    assertThat(model.count()).isEqualTo(1);
    assertThat(model.requests.get(0).json().has("n")).isFalse();
    assertThat(texts(items)).containsExactly("append(\"a\");");
  }

  // (3) selectedCompletionInfo

  @Test
  void should_extend_the_selected_item_over_its_range_when_selected_completion_info_is_given()
      throws Exception {
    // given: the user typed "app" and the client's menu selects "append"
    String text = MAIN.replace("builder.\n", "builder.app\n");
    Position cursor = new Position(4, 15);
    Range selectedRange = new Range(new Position(4, 12), cursor);
    model.replies("(\"x\");");
    CompletionSession s = session(true, null);
    s.open(URI, text);

    // when
    List<InlineCompletionItem> items =
        LspClient.await(
            s.inlineAsync(
                URI,
                cursor,
                InlineCompletionTriggerKind.Invoked,
                new SelectedCompletionInfo(selectedRange, "append")));

    // then
    assertThat(items).isNotEmpty();
    assertThat(items).allSatisfy(i -> assertThat(i.getRange()).isEqualTo(selectedRange));
    assertThat(texts(items)).containsExactly("append(\"x\");");
    String prompt = model.requests.get(0).json().get("prompt").getAsString();
    assertThat(prompt).contains("builder.append<|fim_suffix|>");
  }

  // (4) cancellation

  @Test
  void should_answer_a_cancelled_request_promptly_while_the_model_is_slow() throws Exception {
    // given
    model.latency(Duration.ofSeconds(5)).replies("append(\"x\");");
    ServerProcess process = ServerProcess.startWithout(xdg, CompletionSession.MODEL_ENV);
    closeables.add(0, process);
    RawClient raw = RawClient.over(process);
    closeables.add(0, raw);
    raw.initialize(
        Map.of(
            "processId",
            ProcessHandle.current().pid(),
            "capabilities",
            Map.of("textDocument", Map.of("inlineCompletion", Map.of())),
            "initializationOptions",
            Map.of(
                "settings",
                com.google.gson.JsonParser.parseString(
                    CompletionSession.loopbackSettings(null, model)))));
    raw.notify("initialized", Map.of());
    raw.notify(
        "textDocument/didOpen",
        Map.of(
            "textDocument", Map.of("uri", URI, "languageId", "java", "version", 1, "text", MAIN)));
    raw.request(
        7,
        "textDocument/inlineCompletion",
        Map.of(
            "textDocument", Map.of("uri", URI),
            "position", Map.of("line", 4, "character", 12),
            "context", Map.of("triggerKind", 1)));
    assertThat(model.awaitCount(1, Duration.ofSeconds(10))).isTrue();

    // when
    long start = System.nanoTime();
    raw.notify("$/cancelRequest", Map.of("id", 7));
    JsonObject reply = raw.awaitResponse(7, Duration.ofSeconds(10));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // then
    assertThat(millis).isLessThan(2000);
    if (reply.has("error")) {
      assertThat(RawClient.errorCode(reply)).isEqualTo(-32800);
    } else {
      JsonElement result = reply.get("result");
      assertThat(isEmptyInline(result)).as("result %s", result).isTrue();
    }
  }

  private static boolean isEmptyInline(JsonElement result) {
    if (result == null || result.isJsonNull()) {
      return true;
    }
    if (result.isJsonArray()) {
      return result.getAsJsonArray().isEmpty();
    }
    JsonArray items = result.getAsJsonObject().getAsJsonArray("items");
    return items == null || items.isEmpty();
  }

  // (5) stale-version guard

  @Test
  void should_return_empty_when_the_document_changes_while_the_model_is_slow() throws Exception {
    // given
    model.latency(Duration.ofMillis(1500)).replies("append(\"x\");");
    CompletionSession s = session(true, null);
    s.open(URI, MAIN);
    CompletableFuture<List<InlineCompletionItem>> pending =
        s.inlineAsync(URI, AFTER_DOT, InlineCompletionTriggerKind.Invoked, null);
    assertThat(model.awaitCount(1, Duration.ofSeconds(10))).isTrue();

    // when
    s.change(URI, MAIN.replace("builder.\n", "builder.a\n"));

    // then
    List<InlineCompletionItem> items = pending.get(10, TimeUnit.SECONDS);
    assertThat(items).isEmpty();
  }

  // (6) cache: type-ahead and backspace

  @Test
  void should_serve_type_ahead_and_backspace_from_the_cache_without_a_new_http_request()
      throws Exception {
    // given
    model.replies("append(\"hello\");");
    CompletionSession s = session(true, null);
    s.open(URI, MAIN);
    List<InlineCompletionItem> first =
        s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Automatic);
    assertThat(texts(first)).containsExactly("append(\"hello\");");
    int calls = model.count();

    // when: type "app"
    s.change(URI, MAIN.replace("builder.\n", "builder.app\n"));
    List<InlineCompletionItem> typed =
        s.inline(URI, new Position(4, 15), InlineCompletionTriggerKind.Automatic);
    // and backspace to where we were
    s.change(URI, MAIN);
    List<InlineCompletionItem> back =
        s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Automatic);

    // then
    assertThat(texts(typed)).containsExactly("end(\"hello\");");
    assertThat(texts(back)).containsExactly("append(\"hello\");");
    assertThat(model.count()).isEqualTo(calls);
  }

  // (7) debounce

  @Test
  void should_send_one_http_request_for_two_automatic_requests_in_quick_succession()
      throws Exception {
    // given
    model.replies("append(\"x\");");
    CompletionSession s = session(true, "\"completion\":{\"debounceMs\":300}");
    s.open(URI, MAIN.replace("builder.\n", "builder.a\n"));

    // when: "a" typed, then "p" typed right away
    CompletableFuture<List<InlineCompletionItem>> first =
        s.inlineAsync(URI, new Position(4, 13), InlineCompletionTriggerKind.Automatic, null);
    s.change(URI, MAIN.replace("builder.\n", "builder.ap\n"));
    CompletableFuture<List<InlineCompletionItem>> second =
        s.inlineAsync(URI, new Position(4, 14), InlineCompletionTriggerKind.Automatic, null);

    // then
    assertThat(first.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(second.get(10, TimeUnit.SECONDS)).isNotEmpty();
    Thread.sleep(500);
    assertThat(model.count()).isEqualTo(1);
  }

  // (8) acceptance statistics

  private List<InlineCompletionItem> shownSuggestion(CompletionSession s) throws Exception {
    model.replies("append(\"x\");");
    s.open(URI, MAIN);
    List<InlineCompletionItem> items =
        s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Invoked);
    assertThat(items).hasSize(1);
    return items;
  }

  private static void assertOneAcceptedRow(JsonElement rows, JsonObject whole) {
    assertThat(rows.isJsonArray()).as("completion rows in %s", whole).isTrue();
    JsonArray completion = rows.getAsJsonArray();
    assertThat(completion).as("stats %s", whole).hasSize(1);
    JsonObject row = completion.get(0).getAsJsonObject();
    assertThat(row.get("model").getAsString()).isEqualTo("fast");
    assertThat(row.get("language").getAsString()).isEqualTo("java");
    assertThat(row.get("shown").getAsInt()).isEqualTo(1);
    assertThat(row.get("accepted").getAsInt()).isEqualTo(1);
  }

  @Test
  void should_count_an_accepted_suggestion_in_completion_stats_when_its_command_is_executed()
      throws Exception {
    // given
    CompletionSession s = session(true, null);
    List<InlineCompletionItem> items = shownSuggestion(s);

    // when
    s.execute(items.get(0).getCommand());
    JsonObject stats = s.execute("codeloop.completionStats", List.of()).getAsJsonObject();

    // then
    assertOneAcceptedRow(stats.get("completion"), stats);
  }

  @Test
  void should_count_the_model_call_in_stats_when_a_suggestion_was_shown() throws Exception {
    // given
    CompletionSession s = session(true, null);
    shownSuggestion(s);

    // when
    JsonObject stats = s.stats();

    // then
    JsonObject fast = stats.getAsJsonObject("models").getAsJsonObject("fast");
    assertThat(fast.get("calls").getAsLong()).isEqualTo(1);
    assertThat(fast.get("successes").getAsLong()).isEqualTo(1);
    assertThat(
            stats
                .getAsJsonObject("tasks")
                .getAsJsonObject("completion")
                .get("requests")
                .getAsLong())
        .isEqualTo(1);
  }

  /**
   * LSP-EXTENSIONS.md: {@code codeloop.stats} has {@code completion} = shown/accepted per model and
   * language, i.e. the rows of {@code codeloop.completionStats} merged in. The server nests the
   * whole {@code codeloop.completionStats} object instead: {@code "completion": {"completion":
   * [...]}}.
   */
  @Test
  void should_show_accepted_rows_at_completion_of_stats_when_a_suggestion_was_accepted()
      throws Exception {
    // given
    CompletionSession s = session(true, null);
    List<InlineCompletionItem> items = shownSuggestion(s);

    // when
    s.execute(items.get(0).getCommand());
    JsonObject stats = s.stats();

    // then
    assertOneAcceptedRow(stats.get("completion"), stats);
  }

  // (9) the FIM body on the wire, and no secret in it

  @Test
  void should_send_the_qwen_fim_body_without_the_secret_in_the_document() throws Exception {
    // given
    String text = MAIN.replace("  void run(", "  String key = \"" + SECRET + "\";\n\n  void run(");
    Position cursor = new Position(6, 12);
    model.replies("append(key);");
    CompletionSession s = session(true, null);
    s.open(URI, text);

    // when
    List<InlineCompletionItem> items = s.inline(URI, cursor, InlineCompletionTriggerKind.Automatic);

    // then
    assertThat(texts(items)).containsExactly("append(key);");
    assertThat(model.requests).hasSize(1);
    LoopbackModel.Recorded request = model.requests.get(0);
    assertThat(request.path()).isEqualTo("/v1/completions");
    JsonObject body = request.json();
    assertThat(body.get("model").getAsString()).isEqualTo("qwen2.5-coder-7b");
    assertThat(body.get("max_tokens").getAsInt()).isEqualTo(64);
    assertThat(body.get("stream").getAsBoolean()).isFalse();
    String prompt = body.get("prompt").getAsString();
    assertThat(prompt).startsWith("<|fim_prefix|>").endsWith("<|fim_middle|>");
    assertThat(prompt)
        .contains("void run(StringBuilder builder) {\n    builder.<|fim_suffix|>\n  }\n}");
    assertThat(prompt).contains("package demo;");
    assertThat(body.getAsJsonArray("stop").toString()).contains("\\n", "<|endoftext|>");
    for (LoopbackModel.Recorded r : model.requests) {
      assertThat(r.body()).doesNotContain(SECRET).doesNotContain("abcdefghijklmnopqrstuvwxyz0123");
    }
  }

  // (10) fallback

  @Test
  void should_fall_back_to_the_second_model_of_the_route_when_the_first_answers_500()
      throws Exception {
    // given
    model.status(500);
    try (LoopbackModel backup = new LoopbackModel()) {
      backup.replies("append(\"from backup\");");
      CompletionSession s = session(true, null, model, backup);
      s.open(URI, MAIN);

      // when
      List<InlineCompletionItem> items =
          s.inline(URI, AFTER_DOT, InlineCompletionTriggerKind.Invoked);

      // then
      assertThat(texts(items)).containsExactly("append(\"from backup\");");
      assertThat(model.count()).isGreaterThanOrEqualTo(1);
      assertThat(backup.count()).isEqualTo(1);
      JsonObject stats = s.stats();
      JsonObject models = stats.getAsJsonObject("models");
      assertThat(models.getAsJsonObject("fast").get("fallbacks").getAsLong()).isEqualTo(1);
      assertThat(models.getAsJsonObject("backup1").get("successes").getAsLong()).isEqualTo(1);
    }
  }

  @Test
  void should_fall_back_to_embedded_when_the_loopback_model_answers_500() throws Exception {
    // given
    model.status(500);
    String settings =
        CompletionSession.loopbackSettings(null, model)
            .replace("\"completion\":[\"fast\"]", "\"completion\":[\"fast\",\"embedded\"]");
    CompletionSession s = CompletionSession.start(xdg, settings, true, null);
    closeables.add(0, s);
    String text =
        MAIN.replace("    builder.\n", "    builder.append(1);\n".repeat(12) + "    builder.\n");
    Position cursor = new Position(16, 12);
    s.open(URI, text);

    // when: the embedded model has learned the open document (after a debounce)
    s.awaitEmbeddedDocuments(1, Duration.ofSeconds(10));
    List<InlineCompletionItem> items = s.inline(URI, cursor, InlineCompletionTriggerKind.Invoked);

    // then
    assertThat(texts(items))
        .as("stats %s, stderr %s", s.stats(), s.process.stderr())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).startsWith("append"));
    assertThat(model.count()).isGreaterThanOrEqualTo(1);
    assertThat(
            s.stats()
                .getAsJsonObject("models")
                .getAsJsonObject("embedded")
                .get("successes")
                .getAsLong())
        .isGreaterThan(0);
  }
}

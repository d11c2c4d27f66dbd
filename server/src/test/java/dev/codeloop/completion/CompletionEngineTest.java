package dev.codeloop.completion;

import static dev.codeloop.completion.CompletionAssert.forText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.lsp4j.InlineCompletionTriggerKind.Automatic;
import static org.eclipse.lsp4j.InlineCompletionTriggerKind.Invoked;

import dev.codeloop.document.TextChange;
import dev.codeloop.document.TextPosition;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionEngineTest {

  @Test
  void should_insert_model_reply_at_cursor() {
    forText("int x = fo|").withModelReplies("o(1);").inline(Invoked).expectItems("o(1);");
  }

  @Test
  void should_send_a_call_whose_cold_start_outlasts_the_abandon_grace() {
    // given: the first call takes longer to start than an abandoned generation's grace (150 ms)
    var t = forText("int x = fo|").withModelReplies("o(1);");
    t.model().slowStart(java.time.Duration.ofMillis(400));

    // when / then: the request was waiting all along, so the call is not given up on
    t.inline(Invoked).expectItems("o(1);");
    assertThat(t.model().cancelledCalls()).isZero();
  }

  @Test
  void should_return_several_distinct_candidates_when_invoked() {
    // given
    var t = forText("int x = |").withModelReplies("1;", "2;", "1;", "3;");

    // when
    var result = t.inline(Invoked);

    // then: three asked for, the duplicate dropped
    result.expectItems("1;", "2;");
    assertThat(result.request().candidates()).isEqualTo(3);
  }

  @Test
  void should_ask_one_candidate_when_automatic() {
    // given
    var t = forText("int x = |").withModelReplies("1;");

    // when
    var result = t.inline(Automatic);

    // then
    assertThat(result.request().candidates()).isEqualTo(1);
    result.expectItems("1;");
  }

  @Test
  void should_send_fim_request_with_path_language_prefix_and_suffix() {
    // given
    var t = forText("class A {\n  int x = |;\n}\n").withModelReplies("1");

    // when
    var result = t.inline(Invoked);

    // then
    FimRequest fim = result.request().fim().orElseThrow();
    assertThat(result.request().task()).isEqualTo(Task.COMPLETION);
    assertThat(fim.path()).isEqualTo("src/Main.java");
    assertThat(fim.language()).isEqualTo("java");
    assertThat(fim.prefix()).isEqualTo("class A {\n  int x = ");
    assertThat(fim.suffix()).isEqualTo(";\n}\n");
    assertThat(fim.multiline()).isFalse();
  }

  @Test
  void should_ask_for_multiline_when_cursor_opens_empty_block() {
    // given
    var t = forText("void f() {|\n}\n").withModelReplies("\n  run();\n}");

    // when
    var result = t.inline(Invoked);

    // then
    assertThat(result.request().fim().orElseThrow().multiline()).isTrue();
    result.expectItems("\n  run();");
  }

  @Test
  void should_extend_selected_item_over_its_range() {
    // given
    var t = forText("System.out.pr|").withModelReplies("(\"hi\");");

    // when
    var result = t.inlineWithSelected("println", 11);

    // then
    var item = result.items().get(0);
    assertThat(item.getInsertText().getLeft()).isEqualTo("println(\"hi\");");
    assertThat(item.getRange().getStart().getCharacter()).isEqualTo(11);
    assertThat(item.getRange().getEnd().getCharacter()).isEqualTo(13);
    assertThat(result.request().fim().orElseThrow().prefix()).endsWith("System.out.println");
  }

  @Test
  void should_attach_accept_command_and_count_acceptance() {
    // given
    var t = forText("int x = |").withModelReplies("1;");
    var item = t.inline(Invoked).items().get(0);

    // when
    String id = (String) item.getCommand().getArguments().get(0);
    boolean accepted = t.stats().accepted(id);

    // then
    assertThat(item.getCommand().getCommand()).isEqualTo("codeloop.acceptCompletion");
    assertThat(accepted).isTrue();
    assertThat(t.stats().rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.model()).isEqualTo("fake");
              assertThat(r.language()).isEqualTo("java");
              assertThat(r.shown()).isEqualTo(1);
              assertThat(r.accepted()).isEqualTo(1);
            });
  }

  @Test
  void should_serve_type_ahead_from_cache_without_model_call() {
    // given
    var t = forText("int x = fo|").withModelReplies("o(1);");
    t.inline(Automatic).expectItems("o(1);");

    // when: the user types "o(" of the suggestion
    TextPosition p = new TextPosition(0, 10);
    t.documents().change(t.uri(), 2, List.of(TextChange.ranged(p, p, "o(")));
    var result =
        t.engine()
            .complete(
                query(t.uri(), 0, 12),
                t.engine().begin(t.uri(), CompletionTicket.Kind.INLINE),
                () -> {});

    // then
    assertThat(result.suggestions()).extracting(Suggestion::text).containsExactly("1);");
    assertThat(result.source()).isEqualTo(CompletionResult.Source.CACHE);
    assertThat(t.model().calls()).isEqualTo(1);
  }

  @Test
  void should_serve_earlier_suggestion_after_backspace() {
    // given: a suggestion at "fo", then the user types "x" and gets another suggestion
    var t = forText("int x = fo|").withModelReplies("o(1);", "xy;");
    t.inline(Automatic).expectItems("o(1);");
    TextPosition p = new TextPosition(0, 10);
    t.documents().change(t.uri(), 2, List.of(TextChange.ranged(p, p, "x")));
    t.engine()
        .complete(
            query(t.uri(), 0, 11),
            t.engine().begin(t.uri(), CompletionTicket.Kind.INLINE),
            () -> {});

    // when: backspace
    t.documents().change(t.uri(), 3, List.of(TextChange.ranged(p, new TextPosition(0, 11), "")));
    var result =
        t.engine()
            .complete(
                query(t.uri(), 0, 10),
                t.engine().begin(t.uri(), CompletionTicket.Kind.INLINE),
                () -> {});

    // then
    assertThat(result.suggestions()).extracting(Suggestion::text).containsExactly("o(1);");
    assertThat(t.model().calls()).isEqualTo(2);
  }

  @Test
  void should_return_empty_when_superseded() {
    // given
    var t = forText("int x = |").withModelReplies("1;");
    CompletionTicket older = t.engine().begin(t.uri(), CompletionTicket.Kind.INLINE);

    // when
    t.engine().begin(t.uri(), CompletionTicket.Kind.INLINE);
    var result = t.engine().complete(query(t.uri(), 0, 8), older, () -> {});

    // then
    assertThat(result.isEmpty()).isTrue();
  }

  @Test
  void should_propagate_model_failure_when_invoked_and_swallow_it_when_automatic() {
    // given
    var t = forText("int x = |");
    t.model().failWith(new ModelException(ModelException.Kind.NOT_CONFIGURED, null, "no model"));

    // when / then
    t.inline(Automatic).expectNoItems();
    assertThatThrownBy(() -> t.inline(Invoked)).isInstanceOf(ModelException.class);
  }

  @Test
  void should_offer_list_items_replacing_the_word_prefix() {
    // given
    var t = forText("  int x = fo|").withModelReplies("o(1);");

    // when
    var list = t.list(org.eclipse.lsp4j.CompletionTriggerKind.Invoked);

    // then
    list.expectInsertedTexts("foo(1);");
    var item = list.items().get(0);
    assertThat(item.getFilterText()).isEqualTo("foo(1);");
    assertThat(item.getTextEdit().getLeft().getRange().getStart().getCharacter()).isEqualTo(10);
    assertThat(item.getDetail()).contains("fake");
    assertThat(item.getInsertTextFormat()).isEqualTo(org.eclipse.lsp4j.InsertTextFormat.PlainText);
    assertThat(item.getDocumentation().getRight().getValue())
        .contains("```java\nint x = foo(1);\n```");
    assertThat(item.getSortText()).startsWith("0");
    assertThat(item.getCommand().getCommand()).isEqualTo("codeloop.acceptCompletion");
  }

  @Test
  void should_mark_multiline_list_items_as_snippets_and_keep_dollar_signs_literal() {
    // given
    var t =
        forText("function f() {|\n}\n")
            .inFile("src/a.js", "javascript")
            .withModelReplies("\n  return `${a}$1`;\n}");

    // when
    var list = t.list(org.eclipse.lsp4j.CompletionTriggerKind.Invoked);

    // then: the model's continuation comes right after the best word of the file (no word typed)
    var item = list.items().get(1);
    assertThat(item.getTextEdit().getLeft().getNewText()).isEqualTo("\n  return `${a}$1`;");
    assertThat(item.getKind()).isEqualTo(org.eclipse.lsp4j.CompletionItemKind.Snippet);
    assertThat(item.getLabel()).isEqualTo("return `${a}$1`;");
  }

  @Test
  void should_not_complete_in_secret_file() {
    // given
    var t = forText("API_KEY=|").inFile(".env", "plaintext").withModelReplies("x");

    // when / then
    t.inline(Invoked).expectNoItems().expectModelCalls(0);
  }

  static CompletionQuery query(String uri, int line, int character) {
    return new CompletionQuery(
        uri,
        new TextPosition(line, character),
        CompletionTrigger.AUTOMATIC,
        java.util.Optional.empty(),
        1);
  }
}

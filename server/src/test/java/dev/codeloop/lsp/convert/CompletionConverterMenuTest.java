package dev.codeloop.lsp.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.CompletionResult;
import dev.codeloop.completion.Suggestion;
import dev.codeloop.completion.context.CursorContext;
import dev.codeloop.completion.list.CompletionMenu;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.InsertTextMode;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

class CompletionConverterMenuTest {
  private static final String LINE = "    total = comp";
  private static final Position WORD_START = new Position(3, 12);
  private static final Position CURSOR = new Position(3, 16);

  private static final Suggestion CONTINUATION =
      new Suggestion("s1", "uteTotal(items,\n        scale)", "embedded");

  private static List<CompletionMenu.Item> items() {
    return List.of(
        new CompletionMenu.Item("computeTotal", CompletionMenu.Kind.WORD, Optional.empty()),
        new CompletionMenu.Item(
            "computeTotal(items,\n        scale)",
            CompletionMenu.Kind.CONTINUATION,
            Optional.of(CONTINUATION)),
        new CompletionMenu.Item("compile", CompletionMenu.Kind.WORD, Optional.empty()),
        new CompletionMenu.Item("continue", CompletionMenu.Kind.KEYWORD, Optional.empty()));
  }

  private static CompletionList menu(List<String> itemDefaults) {
    CompletionResult result =
        new CompletionResult(List.of(CONTINUATION), "java", false, CompletionResult.Source.MODEL);
    return CompletionConverter.menu(
        items(),
        result,
        CursorContext.at(LINE, LINE.length(), "java"),
        "comp",
        WORD_START,
        CURSOR,
        true,
        itemDefaults);
  }

  /** What the client inserts for an item, as LSP 3.17 says it reads an item and its list. */
  private static String inserted(CompletionItem item, CompletionList list) {
    if (item.getTextEdit() != null) {
      return item.getTextEdit().getLeft().getNewText();
    }
    assertThat(list.getItemDefaults().getEditRange().getLeft())
        .isEqualTo(new Range(WORD_START, CURSOR));
    return item.getTextEditText() != null ? item.getTextEditText() : item.getLabel();
  }

  @Test
  void should_say_the_shared_range_format_and_mode_once_when_the_client_reads_item_defaults() {
    // when
    CompletionList each = menu(List.of());
    CompletionList shared =
        menu(List.of("commitCharacters", "editRange", "insertTextFormat", "insertTextMode"));

    // then: the same items, inserting the same texts over the same range, in the same order
    assertThat(shared.getItems())
        .extracting(CompletionItem::getLabel)
        .containsExactlyElementsOf(each.getItems().stream().map(CompletionItem::getLabel).toList());
    for (int i = 0; i < each.getItems().size(); i++) {
      CompletionItem a = each.getItems().get(i);
      CompletionItem b = shared.getItems().get(i);
      assertThat(inserted(b, shared)).isEqualTo(inserted(a, each));
      assertThat(b.getSortText()).isEqualTo(a.getSortText());
      assertThat(b.getFilterText()).isEqualTo(a.getFilterText());
      assertThat(b.getKind()).isEqualTo(a.getKind());
      assertThat(a.getTextEdit().getLeft().getRange()).isEqualTo(new Range(WORD_START, CURSOR));
      assertThat(a.getInsertTextFormat()).isEqualTo(InsertTextFormat.PlainText);
      assertThat(b.getTextEdit()).isNull();
      assertThat(b.getInsertTextFormat()).isNull();
      assertThat(b.getInsertTextMode()).isNull();
    }
    assertThat(each.getItemDefaults()).isNull();
    assertThat(shared.getItemDefaults().getInsertTextFormat())
        .isEqualTo(InsertTextFormat.PlainText);
    assertThat(shared.getItemDefaults().getInsertTextMode()).isEqualTo(InsertTextMode.AsIs);
    // an item's text only where it is not its label (the continuation's label is cut at its line)
    assertThat(shared.getItems())
        .extracting(CompletionItem::getTextEditText)
        .containsExactly(null, "computeTotal(items,\n        scale)", null, null);
    assertThat(inserted(shared.getItems().get(1), shared))
        .isEqualTo(((TextEdit) each.getItems().get(1).getTextEdit().getLeft()).getNewText());
  }

  @Test
  void should_preselect_only_the_first_item_and_not_send_false_for_the_others() {
    // when
    CompletionList list = menu(List.of());

    // then
    assertThat(list.getItems())
        .extracting(CompletionItem::getPreselect)
        .containsExactly(true, null, null, null);
    assertThat(list.getItems())
        .extracting(CompletionItem::getSortText)
        .containsExactly("000000", "000001", "000002", "000003");
  }
}

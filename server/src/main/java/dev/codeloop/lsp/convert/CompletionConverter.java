package dev.codeloop.lsp.convert;

import dev.codeloop.completion.CompletionQuery.SelectedItem;
import dev.codeloop.completion.CompletionResult;
import dev.codeloop.completion.Suggestion;
import dev.codeloop.completion.context.CursorContext;
import dev.codeloop.completion.list.CompletionMenu;
import dev.codeloop.document.TextPosition;
import dev.codeloop.workspace.command.Commands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemDefaults;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.InsertTextMode;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SelectedCompletionInfo;
import org.eclipse.lsp4j.TextEdit;

/** Pure conversions between engine values and LSP4J completion beans. */
public final class CompletionConverter {
  private static final int LABEL_CHARS = 60;

  private CompletionConverter() {}

  public static TextPosition position(Position p) {
    return new TextPosition(p.getLine(), p.getCharacter());
  }

  public static Position position(TextPosition p) {
    return new Position(p.line(), p.character());
  }

  public static Optional<SelectedItem> selected(SelectedCompletionInfo info) {
    if (info == null || info.getRange() == null || info.getText() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SelectedItem(
            position(info.getRange().getStart()),
            position(info.getRange().getEnd()),
            info.getText()));
  }

  public static Command acceptCommand(Suggestion s) {
    return new Command("Accept completion", Commands.ACCEPT_COMPLETION, List.of(s.id()));
  }

  /**
   * Inline items: inserted at the cursor, or, for a selected completion item, replacing the item's
   * range with the item's text extended by the suggestion.
   */
  public static InlineCompletionList inline(
      CompletionResult result, Position cursor, Optional<SelectedCompletionInfo> selected) {
    List<InlineCompletionItem> items = new ArrayList<>();
    for (Suggestion s : result.suggestions()) {
      InlineCompletionItem item = new InlineCompletionItem();
      if (selected.isPresent()) {
        SelectedCompletionInfo sel = selected.get();
        item.setInsertText(sel.getText() + s.text());
        item.setRange(sel.getRange());
        item.setFilterText(sel.getText());
      } else {
        item.setInsertText(s.text());
        item.setRange(new Range(cursor, cursor));
      }
      item.setCommand(acceptCommand(s));
      items.add(item);
    }
    return new InlineCompletionList(items);
  }

  /**
   * Completion items for clients without inline completion: plain text (no snippet syntax
   * accidents), replacing the word typed so far so that the client's filtering on {@code
   * filterText} keeps them.
   *
   * @param wordStart where the word being typed starts
   * @param invoked sorts the items first for an invoked completion, after the client's other items
   *     otherwise
   */
  public static CompletionList list(
      CompletionResult result,
      CursorContext cursor,
      Position wordStart,
      Position position,
      boolean invoked) {
    String word = cursor.wordPrefix();
    List<CompletionItem> items = new ArrayList<>();
    int rank = 0;
    for (Suggestion s : result.suggestions()) {
      String full = word + s.text();
      CompletionItem item = new CompletionItem(label(full));
      boolean multi = s.text().contains("\n");
      item.setKind(multi ? CompletionItemKind.Snippet : CompletionItemKind.Text);
      item.setInsertTextFormat(InsertTextFormat.PlainText);
      item.setInsertTextMode(InsertTextMode.AsIs);
      replaceWord(item, wordStart, position, full, full, invoked, rank++);
      describeContinuation(item, s, result, cursor);
      items.add(item);
    }
    return new CompletionList(true, items);
  }

  /** The item replaces the typed word; {@code sortText} keeps our order. */
  private static void replaceWord(
      CompletionItem item,
      Position wordStart,
      Position position,
      String text,
      String filter,
      boolean invoked,
      int rank) {
    item.setTextEdit(
        org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft(
            new TextEdit(new Range(wordStart, position), text)));
    order(item, filter, invoked, rank);
  }

  /** {@code sortText} in our order, {@code filterText}, and the first invoked item preselected. */
  private static void order(CompletionItem item, String filter, boolean invoked, int rank) {
    item.setFilterText(filter);
    item.setSortText((invoked ? "0000" : "zzzz") + (rank < 10 ? "0" : "") + rank);
    if (invoked && rank == 0) {
      item.setPreselect(true); // false is the default: not sent
    }
  }

  /** A model's continuation: who wrote it, the line it completes, and the acceptance command. */
  private static void describeContinuation(
      CompletionItem item, Suggestion s, CompletionResult result, CursorContext cursor) {
    item.setDetail("Codeloop · " + s.model());
    item.setDocumentation(
        new MarkupContent(
            MarkupKind.MARKDOWN,
            "```"
                + result.language()
                + "\n"
                + cursor.linePrefix().stripLeading()
                + s.text()
                + "\n```"));
    item.setCommand(acceptCommand(s));
  }

  /**
   * The completion menu (words ranked by the embedded model, the model's continuations among them)
   * as items that replace the typed word. {@code sortText} numbers the items in our order, so
   * clients keep it; {@code filterText} is the item itself when it starts with the typed word, else
   * the typed word followed by it, so clients that filter by prefix keep the camel-case and
   * snake-case hump matches too. Always {@code isIncomplete}: the client asks again as the user
   * types.
   */
  public static CompletionList menu(
      List<CompletionMenu.Item> menu,
      CompletionResult result,
      CursorContext cursor,
      String typed,
      Position wordStart,
      Position position,
      boolean invoked,
      List<String> itemDefaults) {
    // What every item shares (the range of the typed word, plain text, as is) is said once in
    // the list's item defaults when the client reads them (LSP 3.17; VS Code, Neovim): an item
    // then carries its text only where it differs from its label. A menu is half the size.
    boolean range = itemDefaults.contains("editRange");
    boolean format = itemDefaults.contains("insertTextFormat");
    boolean mode = itemDefaults.contains("insertTextMode");
    List<CompletionItem> items = new ArrayList<>(menu.size());
    int rank = 0;
    for (CompletionMenu.Item m : menu) {
      String full = m.text();
      CompletionItem item = new CompletionItem(label(full));
      boolean multi = full.contains("\n");
      item.setKind(
          switch (m.kind()) {
            case KEYWORD -> CompletionItemKind.Keyword;
            case WORD -> CompletionItemKind.Text;
            case CONTINUATION -> multi ? CompletionItemKind.Snippet : CompletionItemKind.Text;
          });
      if (!format) {
        item.setInsertTextFormat(InsertTextFormat.PlainText);
      }
      if (!mode) {
        item.setInsertTextMode(InsertTextMode.AsIs);
      }
      String filter = full.regionMatches(true, 0, typed, 0, typed.length()) ? full : typed + full;
      if (range) {
        if (!full.equals(item.getLabel())) {
          item.setTextEditText(full);
        }
        order(item, filter, invoked, rank++);
      } else {
        replaceWord(item, wordStart, position, full, filter, invoked, rank++);
      }
      if (m.continuation().isPresent()) {
        describeContinuation(item, m.continuation().get(), result, cursor);
      } else {
        item.setDetail("Codeloop");
      }
      items.add(item);
    }
    CompletionList list = new CompletionList(true, items);
    if (range || format || mode) {
      CompletionItemDefaults defaults = new CompletionItemDefaults();
      if (range) {
        defaults.setEditRange(
            org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft(new Range(wordStart, position)));
      }
      if (format) {
        defaults.setInsertTextFormat(InsertTextFormat.PlainText);
      }
      if (mode) {
        defaults.setInsertTextMode(InsertTextMode.AsIs);
      }
      list.setItemDefaults(defaults);
    }
    return list;
  }

  static String label(String full) {
    String first = full.strip();
    int nl = first.indexOf('\n');
    boolean more = nl >= 0;
    if (more) {
      first = first.substring(0, nl).stripTrailing();
    }
    if (first.length() > LABEL_CHARS) {
      first = first.substring(0, LABEL_CHARS);
      more = true;
    }
    return more ? first + "…" : first;
  }
}

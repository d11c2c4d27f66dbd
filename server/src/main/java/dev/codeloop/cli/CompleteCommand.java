package dev.codeloop.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** {@code complete FILE:LINE:COLUMN}: the code around the cursor with the completion marked. */
final class CompleteCommand extends CliCommand {
  CompleteCommand(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    super(out, err, inProcess, cwd);
  }

  int complete(CliOptions o) throws UsageException, CliFailure, IOException, InterruptedException {
    arity(o, 1, 1);
    FilePosition pos = FilePosition.parse(o.arguments().get(0), cwd, o.workspace());
    if (pos.line().isEmpty() || pos.column().isEmpty()) {
      throw new UsageException(
          "'"
              + o.arguments().get(0)
              + "' needs a cursor: FILE:LINE:COLUMN, counted from 1 (e.g. src/Foo.java:12:5)");
    }
    String text = CliSession.read(pos.file(), o.workspace());
    List<String> lines = List.of(text.split("\n", -1));
    int line = pos.line().get();
    int column = pos.column().get();
    String where = pos.describe(o.workspace());
    int shownLines = text.endsWith("\n") ? lines.size() - 1 : lines.size();
    if (line >= Math.max(1, shownLines) && !(line == 0 && text.isEmpty())) {
      throw new CliFailure(
          Exit.USAGE,
          where
              + ": line "
              + (line + 1)
              + " is past the end of the file ("
              + shownLines
              + " lines)");
    }
    String lineText = lines.get(line);
    if (column > lineText.length()) {
      throw new CliFailure(
          Exit.USAGE,
          where
              + ": column "
              + (column + 1)
              + " is past the end of line "
              + (line + 1)
              + " ("
              + lineText.length()
              + " characters; the last column is "
              + (lineText.length() + 1)
              + ")");
    }
    try (CliSession s = session(o)) {
      String uri = s.open(pos.file(), text);
      // As in an editor: the server indexes the workspace and learns the opened file in the
      // background; wait for that the way a user pauses before a completion shows.
      s.settle(Duration.ofMillis(600), Duration.ofSeconds(60));
      long t0 = System.nanoTime();
      var result =
          s.await(
              s.server()
                  .getTextDocumentService()
                  .inlineCompletion(
                      new InlineCompletionParams(
                          new TextDocumentIdentifier(uri),
                          new Position(line, column),
                          new InlineCompletionContext(InlineCompletionTriggerKind.Invoked))),
              "textDocument/inlineCompletion");
      List<InlineCompletionItem> items =
          result == null
              ? List.of()
              : result.isLeft() ? result.getLeft() : result.getRight().getItems();
      String via = "inline";
      if (items.isEmpty()) {
        // Nothing for ghost text: ask for the list, as an editor without inline completion does.
        items = listCompletion(s, uri, line, column);
        via = "list";
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      JsonArray jsonItems = new JsonArray();
      for (InlineCompletionItem item : items) {
        JsonObject j = new JsonObject();
        j.addProperty("insertText", insertText(item));
        if (item.getRange() != null) {
          j.add("range", GSON.toJsonTree(item.getRange()));
        }
        jsonItems.add(j);
      }
      if (o.json()) {
        JsonObject j = new JsonObject();
        j.addProperty("file", pos.file().toString());
        j.addProperty("line", line + 1);
        j.addProperty("column", column + 1);
        j.addProperty("durationMs", ms);
        j.addProperty("via", via);
        j.add("items", jsonItems);
        printJson(j);
        return items.isEmpty() ? Exit.WORK_FAILED : Exit.OK;
      }
      if (items.isEmpty()) {
        out.println(where + ": no suggestion (" + ms + " ms)");
        out.println();
        out.print(CursorView.render(lines, line, column, column, null));
        return Exit.WORK_FAILED;
      }
      out.println(
          where
              + ": "
              + items.size()
              + (items.size() == 1 ? " suggestion" : " suggestions")
              + " in "
              + ms
              + " ms"
              + (via.equals("list") ? " (from the completion list)" : ""));
      out.println();
      int i = 0;
      for (InlineCompletionItem item : items) {
        if (i == 1) {
          out.println("Other suggestions:");
        }
        int start = column;
        int end = column;
        Range r = item.getRange();
        if (r != null && r.getStart().getLine() == line && r.getEnd().getLine() == line) {
          start = r.getStart().getCharacter();
          end = r.getEnd().getCharacter();
        }
        if (i == 0) {
          out.print(CursorView.render(lines, line, start, end, insertText(item)));
          out.println();
        } else {
          out.println("  " + (i + 1) + ". «" + insertText(item).replace("\n", "⏎") + "»");
        }
        i++;
      }
      return Exit.OK;
    }
  }

  private static List<InlineCompletionItem> listCompletion(
      CliSession s, String uri, int line, int column) throws CliFailure {
    var list =
        s.await(
            s.server()
                .getTextDocumentService()
                .completion(
                    new org.eclipse.lsp4j.CompletionParams(
                        new TextDocumentIdentifier(uri), new Position(line, column))),
            "textDocument/completion");
    List<org.eclipse.lsp4j.CompletionItem> completions =
        list == null ? List.of() : list.isLeft() ? list.getLeft() : list.getRight().getItems();
    List<InlineCompletionItem> out = new ArrayList<>();
    for (org.eclipse.lsp4j.CompletionItem c : completions) {
      InlineCompletionItem item;
      if (c.getTextEdit() != null && c.getTextEdit().isLeft()) {
        item = new InlineCompletionItem(Either.forLeft(c.getTextEdit().getLeft().getNewText()));
        item.setRange(c.getTextEdit().getLeft().getRange());
      } else if (c.getTextEdit() != null) {
        item = new InlineCompletionItem(Either.forLeft(c.getTextEdit().getRight().getNewText()));
        item.setRange(c.getTextEdit().getRight().getReplace());
      } else {
        String t = c.getInsertText() != null ? c.getInsertText() : c.getLabel();
        item = new InlineCompletionItem(Either.<String, org.eclipse.lsp4j.StringValue>forLeft(t));
      }
      out.add(item);
    }
    return out;
  }

  private static String insertText(InlineCompletionItem item) {
    return item.getInsertText().isLeft()
        ? item.getInsertText().getLeft()
        : item.getInsertText().getRight().getValue();
  }
}

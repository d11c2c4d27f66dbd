package dev.codeloop.action.edit;

import dev.codeloop.action.FileEdit;
import dev.codeloop.action.TextRange;
import dev.codeloop.action.TextReplacement;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.errors.CodeloopException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns "this part of the snapshot should read like this" into minimal edits against its version.
 */
public final class EditBuilder {
  private EditBuilder() {}

  /**
   * Minimal edits replacing {@code [start, end)} of the snapshot by {@code replacement}.
   *
   * @throws CodeloopException (RequestFailed) when the replacement changes nothing
   */
  public static FileEdit.Change replace(
      DocumentSnapshot snapshot, int start, int end, String replacement) {
    List<OffsetEdit> edits = MinimalDiff.compute(snapshot.text().slice(start, end), replacement);
    if (edits.isEmpty()) {
      throw CodeloopException.requestFailed("The model suggested no change; nothing to apply");
    }
    List<TextReplacement> out = new ArrayList<>(edits.size());
    for (OffsetEdit e : edits) {
      out.add(
          new TextReplacement(
              new TextRange(
                  snapshot.positionAt(start + e.start()), snapshot.positionAt(start + e.end())),
              e.text()));
    }
    return new FileEdit.Change(snapshot.uri(), snapshot.version(), out);
  }

  /** Minimal edits turning the whole snapshot into {@code newText}. */
  public static FileEdit.Change replaceAll(DocumentSnapshot snapshot, String newText) {
    return replace(snapshot, 0, snapshot.text().length(), newText);
  }

  /** A plain insertion at an offset (no diff needed). */
  public static FileEdit.Change insert(DocumentSnapshot snapshot, int offset, String text) {
    var p = snapshot.positionAt(offset);
    return new FileEdit.Change(
        snapshot.uri(), snapshot.version(), List.of(new TextReplacement(TextRange.caret(p), text)));
  }
}

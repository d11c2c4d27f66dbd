package dev.codeloop.action;

import dev.codeloop.document.TextPosition;
import java.util.Objects;

/** A range of a document in the session's position encoding; our own value, free of LSP4J beans. */
public record TextRange(TextPosition start, TextPosition end) {
  public TextRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.compareTo(start) < 0) {
      TextPosition t = start;
      start = end;
      end = t;
    }
  }

  public static TextRange of(int startLine, int startChar, int endLine, int endChar) {
    return new TextRange(
        new TextPosition(startLine, startChar), new TextPosition(endLine, endChar));
  }

  public static TextRange caret(TextPosition p) {
    return new TextRange(p, p);
  }

  public boolean isEmpty() {
    return start.equals(end);
  }

  /** Whether the two ranges share at least a position (touching counts). */
  public boolean touches(TextRange other) {
    return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
  }
}

package dev.codeloop.document;

import java.util.List;

/**
 * Immutable document text with a line index. PLACEHOLDER implementation backed by a String; to be
 * replaced by a persistent rope with O(edit + log n) edits and position conversions.
 */
public final class DocumentText {
  private final String text;
  private final int[] lineStarts;

  private DocumentText(String text) {
    this.text = text;
    this.lineStarts = computeLineStarts(text);
  }

  public static DocumentText of(String text) {
    return new DocumentText(text);
  }

  private static int[] computeLineStarts(String s) {
    int[] starts = new int[16];
    int n = 1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        if (n == starts.length) {
          starts = java.util.Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return java.util.Arrays.copyOf(starts, n);
  }

  public int length() {
    return text.length();
  }

  public int lineCount() {
    return lineStarts.length;
  }

  public char charAt(int offset) {
    return text.charAt(offset);
  }

  public String slice(int start, int end) {
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return text;
  }

  public int lineStartOffset(int line) {
    if (line < 0) return 0;
    if (line >= lineStarts.length) return text.length();
    return lineStarts[line];
  }

  /** End of the line's content, before its line break. */
  public int lineEndOffset(int line) {
    if (line < 0) return 0;
    if (line >= lineStarts.length) return text.length();
    int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
    while (end > lineStarts[line] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return end;
  }

  public int lineOfOffset(int offset) {
    int o = Math.max(0, Math.min(offset, text.length()));
    int idx = java.util.Arrays.binarySearch(lineStarts, o);
    return idx >= 0 ? idx : -idx - 2;
  }

  /** Offset of a position, clamped like vscode-languageserver-textdocument. */
  public int offsetAt(TextPosition p, PositionEncoding enc) {
    if (p.line() < 0) return 0;
    if (p.line() >= lineStarts.length) return text.length();
    int start = lineStarts[p.line()];
    int end = lineEndOffset(p.line());
    int off = start;
    int units = Math.max(0, p.character());
    while (off < end && units > 0) {
      int cp = text.codePointAt(off);
      int cpLen = Character.charCount(cp);
      int u = unitsOf(cp, enc);
      if (u > units) break;
      units -= u;
      off += cpLen;
    }
    return Math.min(off, end);
  }

  public TextPosition positionAt(int offset, PositionEncoding enc) {
    int o = Math.max(0, Math.min(offset, text.length()));
    int line = lineOfOffset(o);
    int start = lineStarts[line];
    int ch = 0;
    int i = start;
    while (i < o) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (i + len > o) {
        ch += (o - i);
        break;
      }
      ch += unitsOf(cp, enc);
      i += len;
    }
    return new TextPosition(line, ch);
  }

  private static int unitsOf(int cp, PositionEncoding enc) {
    return switch (enc) {
      case UTF16 -> Character.charCount(cp);
      case UTF32 -> 1;
      case UTF8 -> cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    };
  }

  public DocumentText replace(int start, int end, String replacement) {
    return new DocumentText(text.substring(0, start) + replacement + text.substring(end));
  }

  /** Applies didChange content changes in order; each range is resolved against the previous result. */
  public DocumentText apply(List<TextChange> changes, PositionEncoding enc) {
    DocumentText current = this;
    for (TextChange c : changes) {
      if (c.isFull()) {
        current = DocumentText.of(c.text());
      } else {
        int s = current.offsetAt(c.start().get(), enc);
        int e = current.offsetAt(c.end().get(), enc);
        if (e < s) {
          int t = s;
          s = e;
          e = t;
        }
        current = current.replace(s, e, c.text());
      }
    }
    return current;
  }
}

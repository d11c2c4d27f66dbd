package dev.codeloop.document;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Immutable document text with a line index, backed by a persistent balanced rope (an AVL tree of
 * small text chunks whose nodes summarise length, line breaks and UTF-8 length).
 *
 * <p>Edits ({@link #replace}, {@link #apply}) cost O(edit + log n) and share every untouched
 * subtree with the original, which stays valid and unchanged, so snapshots are free. Line and
 * position queries cost O(log n), plus the length of the line for UTF-8 and UTF-32 positions.
 *
 * <p>Line breaks are {@code \n}, {@code \r\n} and a lone {@code \r}. Positions are clamped like
 * {@code vscode-languageserver-textdocument}: a line before the first maps to offset 0, a line
 * after the last to the end of the text, a negative character to the line start and a character
 * beyond the line's content to the end of the content (never inside the line break). A UTF-16
 * position inside a surrogate pair keeps its raw offset; a UTF-8 or UTF-32 position inside a code
 * point rounds down to the code point's start.
 *
 * <p>The rope is the only copy of the text: no whole-text {@code String} is kept, so an open
 * document costs its text once (plus the rope's per-leaf index). {@link #toString()} builds the
 * whole text on every call, O(n); callers that need less ask for a {@link #slice}, a {@link
 * #lineText line}, the {@link #lines() lines} or {@link #contentEquals} instead.
 */
public final class DocumentText {
  /** Leaves hold at most this many chars; freshly built leaves about half of it. */
  static final int DEFAULT_MAX_LEAF = 1024;

  private final RopeNode root;
  private final int maxLeaf;

  private DocumentText(RopeNode root, int maxLeaf) {
    this.root = root;
    this.maxLeaf = maxLeaf;
  }

  public static DocumentText of(String text) {
    return of(text, DEFAULT_MAX_LEAF);
  }

  /**
   * As {@link #of(String)} with a chosen leaf size (at most {@link RopeLeaf#MAX_LENGTH}); small
   * sizes let tests exercise deep trees.
   */
  static DocumentText of(String text, int maxLeaf) {
    Objects.requireNonNull(text, "text");
    if (maxLeaf < 1 || maxLeaf > RopeLeaf.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maxLeaf must be within [1, " + RopeLeaf.MAX_LENGTH + "]: " + maxLeaf);
    }
    return new DocumentText(RopeTree.build(text, maxLeaf), maxLeaf);
  }

  public int length() {
    return root.length;
  }

  /** Length of the text encoded as UTF-8; a lone surrogate counts as three bytes. */
  public long utf8Length() {
    return root.utf8Length;
  }

  public int lineCount() {
    return root.breaks + 1;
  }

  public char charAt(int offset) {
    Objects.checkIndex(offset, root.length);
    return RopeQueries.charAt(root, offset);
  }

  /** The chars {@code [start, end)}, copied out of the rope. */
  public String slice(int start, int end) {
    Objects.checkFromToIndex(start, end, root.length);
    StringBuilder out = new StringBuilder(end - start);
    RopeQueries.appendTo(out, root, start, end);
    return out.toString();
  }

  /** Appends the chars {@code [start, end)} to {@code out}, with no intermediate copy. */
  public void appendTo(StringBuilder out, int start, int end) {
    Objects.checkFromToIndex(start, end, root.length);
    out.ensureCapacity(out.length() + end - start);
    RopeQueries.appendTo(out, root, start, end);
  }

  /** Whether the text begins with {@code prefix}, compared in place (nothing is copied). */
  public boolean startsWith(CharSequence prefix) {
    return prefix.length() <= root.length && RopeQueries.startsWith(root, 0, prefix, 0);
  }

  /**
   * Whether the text equals {@code other}, char for char, compared leaf by leaf without building
   * the whole text.
   */
  public boolean contentEquals(CharSequence other) {
    return other.length() == root.length && RopeQueries.startsWith(root, 0, other, 0);
  }

  /**
   * The lines as {@link String#lines()} would give them for {@link #toString()} (no line breaks; no
   * empty last line after a final line break), as a view: each line is sliced when it is read.
   */
  public List<String> lines() {
    int count = lineCount();
    int size = lineStartOffset(count - 1) == root.length ? count - 1 : count;
    return new LineList(this, size);
  }

  /** The whole text, built on each call (O(n)): the rope is the only copy kept. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(root.length);
    RopeQueries.appendTo(out, root, 0, root.length);
    return out.toString();
  }

  public int lineStartOffset(int line) {
    if (line <= 0) {
      return 0;
    }
    if (line >= lineCount()) {
      return root.length;
    }
    return RopeQueries.breakEnd(root, line);
  }

  /** End of the line's content, before its line break. */
  public int lineEndOffset(int line) {
    if (line < 0) {
      return 0;
    }
    if (line >= lineCount() - 1) {
      return root.length;
    }
    return RopeQueries.breakStart(root, line + 1);
  }

  /** The line's content without its line break; empty for a line outside the document. */
  public String lineText(int line) {
    if (line < 0 || line >= lineCount()) {
      return "";
    }
    return slice(lineStartOffset(line), lineEndOffset(line));
  }

  /**
   * The line holding {@code offset} (clamped to the text); an offset between the {@code \r} and the
   * {@code \n} of a pair belongs to the line the pair ends.
   */
  public int lineOfOffset(int offset) {
    int o = clampOffset(offset);
    int line = RopeQueries.breaksBefore(root, o);
    boolean insideCrlf =
        o > 0
            && o < root.length
            && RopeQueries.charAt(root, o) == '\n'
            && RopeQueries.charAt(root, o - 1) == '\r';
    return insideCrlf ? line - 1 : line;
  }

  /** Offset of a position, clamped like vscode-languageserver-textdocument. */
  public int offsetAt(TextPosition p, PositionEncoding enc) {
    if (p.line() < 0) {
      return 0;
    }
    if (p.line() >= lineCount()) {
      return root.length;
    }
    int start = lineStartOffset(p.line());
    if (p.character() <= 0) {
      return start;
    }
    int end = lineEndOffset(p.line());
    if (enc == PositionEncoding.UTF16) {
      return p.character() >= end - start ? end : start + p.character();
    }
    String content = slice(start, end);
    int remaining = p.character();
    int i = 0;
    while (i < content.length()) {
      int cp = content.codePointAt(i);
      int units = Utf.units(cp, enc);
      if (units > remaining) {
        break;
      }
      remaining -= units;
      i += Character.charCount(cp);
    }
    return start + i;
  }

  /**
   * Position of an offset (clamped to the text). In UTF-8 and UTF-32 an offset inside a surrogate
   * pair rounds down to the pair's start; in UTF-16 it is kept as is.
   */
  public TextPosition positionAt(int offset, PositionEncoding enc) {
    int o = clampOffset(offset);
    int line = lineOfOffset(o);
    int start = lineStartOffset(line);
    if (enc == PositionEncoding.UTF16) {
      return new TextPosition(line, o - start);
    }
    String before = slice(start, o);
    int n = before.length();
    if (n > 0
        && o < root.length
        && Character.isHighSurrogate(before.charAt(n - 1))
        && Character.isLowSurrogate(RopeQueries.charAt(root, o))) {
      before = before.substring(0, n - 1);
    }
    int character = 0;
    for (int i = 0; i < before.length(); ) {
      int cp = before.codePointAt(i);
      character += Utf.units(cp, enc);
      i += Character.charCount(cp);
    }
    return new TextPosition(line, character);
  }

  /** Replaces the chars {@code [start, end)}; the receiver is left unchanged. */
  public DocumentText replace(int start, int end, String replacement) {
    Objects.checkFromToIndex(start, end, root.length);
    Objects.requireNonNull(replacement, "replacement");
    if (start == end && replacement.isEmpty()) {
      return this;
    }
    if (start == 0 && end == root.length) {
      return of(replacement, maxLeaf);
    }
    return new DocumentText(RopeTree.replace(root, start, end, replacement, maxLeaf), maxLeaf);
  }

  /**
   * Applies didChange content changes in order; each range is resolved against the previous result.
   */
  public DocumentText apply(List<TextChange> changes, PositionEncoding enc) {
    DocumentText current = this;
    for (TextChange c : changes) {
      if (c.isFull()) {
        current = of(c.text(), maxLeaf);
      } else {
        int s = current.offsetAt(c.start().get(), enc);
        TextPosition end = c.end().get();
        int e = end.equals(c.start().get()) ? s : current.offsetAt(end, enc);
        current = current.replace(Math.min(s, e), Math.max(s, e), c.text());
      }
    }
    return current;
  }

  /** The rope's root, for structural checks in tests. */
  RopeNode root() {
    return root;
  }

  int maxLeaf() {
    return maxLeaf;
  }

  private int clampOffset(int offset) {
    return Math.max(0, Math.min(offset, root.length));
  }

  /** {@link #lines()}: an immutable random-access view. */
  private static final class LineList extends AbstractList<String> implements RandomAccess {
    private final DocumentText text;
    private final int size;

    LineList(DocumentText text, int size) {
      this.text = text;
      this.size = size;
    }

    @Override
    public String get(int index) {
      Objects.checkIndex(index, size);
      return text.lineText(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}

package dev.codeloop.completion.context;

import dev.codeloop.document.DocumentText;
import org.jspecify.annotations.Nullable;

/**
 * The text around the cursor that a completion reads, sliced from the document's rope: a window of
 * whole lines before and after the cursor, large enough for the context, the cache keys and the
 * syntax around the cursor, so a completion never copies the whole document (the first completion
 * after each edit used to). Optionally with a selected completion item spliced in, as the text
 * would be if the editor's selected menu item were accepted.
 *
 * <p>Offsets are relative to {@link #text()} unless named absolute; {@link #start()} is where the
 * window begins in the (spliced) document, so {@code start() == 0} means nothing is cut off before.
 */
public final class TextWindow {
  /** Longest stretch added to the character budgets to reach whole lines (very long lines). */
  private static final int MAX_LINE_SLACK = 64 * 1024;

  private final String text;
  private final int start;
  private final int offset;
  private final DocumentText document;
  private final int spliceStart;
  private final int spliceEnd;
  private final String spliced;

  private TextWindow(
      String text,
      int start,
      int offset,
      DocumentText document,
      int spliceStart,
      int spliceEnd,
      String spliced) {
    this.text = text;
    this.start = start;
    this.offset = offset;
    this.document = document;
    this.spliceStart = spliceStart;
    this.spliceEnd = spliceEnd;
    this.spliced = spliced;
  }

  /** A window of the whole of {@code text} (tests and small inputs). */
  public static TextWindow of(String text, int offset) {
    return new TextWindow(text, 0, offset, DocumentText.of(text), offset, offset, "");
  }

  /**
   * The window around {@code offset} of {@code document}: at least {@code charsBefore} characters
   * and {@code linesBefore} lines before the cursor (from a line start), at least {@code
   * charsAfter} characters and {@code linesAfter} lines after its line, or up to the document's
   * ends. With {@code replacement}, the range {@code [offset, replaceEnd)} of the document is
   * replaced by it and the cursor put after it.
   */
  public static TextWindow around(
      DocumentText document,
      int offset,
      int charsBefore,
      int linesBefore,
      int charsAfter,
      int linesAfter,
      int replaceEnd,
      @Nullable String replacement) {
    int length = document.length();
    int at = Math.max(0, Math.min(offset, length));
    int end = Math.max(at, Math.min(replaceEnd, length));
    String inserted = replacement == null ? "" : replacement;

    int cursorLine = document.lineOfOffset(at);
    int byChars = document.lineStartOffset(document.lineOfOffset(Math.max(0, at - charsBefore)));
    int byLines = document.lineStartOffset(Math.max(0, cursorLine - linesBefore));
    int from = Math.max(Math.min(byChars, byLines), Math.max(0, at - charsBefore - MAX_LINE_SLACK));

    int endLine = document.lineOfOffset(end);
    int toChars = Math.min(length, end + charsAfter);
    int toLines = document.lineStartOffset(endLine + linesAfter + 1);
    int to =
        Math.min(Math.max(toChars, toLines), Math.min(length, end + charsAfter + MAX_LINE_SLACK));

    // one copy of the window out of the rope (slicing the two sides and joining them copied it
    // three times: the largest allocation of a completion)
    StringBuilder text = new StringBuilder(at - from + inserted.length() + to - end);
    document.appendTo(text, from, at);
    text.append(inserted);
    document.appendTo(text, end, to);
    return new TextWindow(
        text.toString(), from, at - from + inserted.length(), document, at, end, inserted);
  }

  /** The window's text. */
  public String text() {
    return text;
  }

  /** The cursor, in {@link #text()}. */
  public int offset() {
    return offset;
  }

  /** Where {@link #text()} begins in the (spliced) document. */
  public int start() {
    return start;
  }

  /** The absolute offset of {@code relative}, an offset in {@link #text()}. */
  public int absolute(int relative) {
    return start + relative;
  }

  /**
   * The first {@code lines} lines of the (spliced) document, with their line breaks: what the
   * imports are read from when they fell out of the window.
   */
  public String head(int lines) {
    return head(lines, null);
  }

  /**
   * {@link #head(int)}, or {@code previous} itself when the head is that text (an earlier request's
   * head of the same document): an edit below the head leaves it as it was, and it is compared in
   * place rather than copied out again (the head's copy was a fifth of what a completion
   * allocated).
   */
  public String head(int lines, String previous) {
    int headEnd = document.lineStartOffset(lines);
    if (spliceStart >= headEnd) {
      if (previous != null && previous.length() == headEnd && document.startsWith(previous)) {
        return previous;
      }
      return document.slice(0, headEnd);
    }
    int rest = Math.max(spliceEnd, headEnd);
    StringBuilder head = new StringBuilder(spliceStart + spliced.length() + rest - spliceEnd);
    document.appendTo(head, 0, spliceStart);
    head.append(spliced);
    document.appendTo(head, spliceEnd, rest);
    return head.toString();
  }
}

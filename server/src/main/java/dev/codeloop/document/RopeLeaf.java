package dev.codeloop.document;

import java.util.Arrays;

/** A rope leaf holding a small chunk of text and the offsets of its line breaks. */
final class RopeLeaf extends RopeNode {
  /** Longest leaf: its break offsets are stored as {@code char}s (2 bytes per line, not 4). */
  static final int MAX_LENGTH = Character.MAX_VALUE;

  private static final char[] NO_BREAKS = {};

  static final RopeLeaf EMPTY = new RopeLeaf("");

  final String text;

  /**
   * Offsets just after each line break of the text taken on its own (a trailing {@code \r} counts
   * as a break), ascending.
   */
  private final char[] breakEnds;

  RopeLeaf(String text) {
    this(text, scanBreakEnds(text));
  }

  private RopeLeaf(String text, char[] breakEnds) {
    super(
        text.length(),
        breakEnds.length,
        utf8Length(text),
        0,
        text.isEmpty() ? '\0' : text.charAt(0),
        text.isEmpty() ? '\0' : text.charAt(text.length() - 1));
    this.text = text;
    this.breakEnds = breakEnds;
  }

  /** Offset just after the {@code k}-th line break of this leaf, {@code 1 <= k <= breaks}. */
  int breakEnd(int k) {
    return breakEnds[k - 1];
  }

  /**
   * Offset of the first char of the {@code k}-th line break of this leaf. A {@code \n} opening the
   * leaf is a break of its own here: when a {@code \r} precedes it in an earlier leaf, the descent
   * from the root never selects it.
   */
  int breakStart(int k) {
    int end = breakEnds[k - 1];
    boolean crlf = end >= 2 && text.charAt(end - 1) == '\n' && text.charAt(end - 2) == '\r';
    return crlf ? end - 2 : end - 1;
  }

  /**
   * Line breaks in {@code text[0, end)} taken on its own: a {@code \r} at {@code end - 1} counts as
   * a break even when a {@code \n} follows.
   */
  int breaksBefore(int end) {
    int index = Arrays.binarySearch(breakEnds, (char) end);
    int count = index >= 0 ? index + 1 : -index - 1;
    boolean insideCrlf =
        end > 0 && end < text.length() && text.charAt(end - 1) == '\r' && text.charAt(end) == '\n';
    return insideCrlf ? count + 1 : count;
  }

  private static char[] scanBreakEnds(String text) {
    int n = text.length();
    if (n > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a rope leaf holds at most " + MAX_LENGTH + " chars: " + n);
    }
    char[] ends = NO_BREAKS;
    int count = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
        if (count == ends.length) {
          ends = Arrays.copyOf(ends, Math.max(8, count * 2));
        }
        ends[count++] = (char) (i + 1);
      }
    }
    return count == ends.length ? ends : Arrays.copyOf(ends, count);
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    int n = text.length();
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      bytes += Utf.utf8Units(cp);
      i += Character.charCount(cp);
    }
    return bytes;
  }
}

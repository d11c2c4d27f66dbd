package dev.codeloop.document;

/** A rope leaf holding a small chunk of text. */
final class RopeLeaf extends RopeNode {
  static final RopeLeaf EMPTY = new RopeLeaf("");

  final String text;

  RopeLeaf(String text) {
    super(
        text.length(),
        countBreaks(text, text.length()),
        utf8Length(text),
        0,
        text.isEmpty() ? '\0' : text.charAt(0),
        text.isEmpty() ? '\0' : text.charAt(text.length() - 1));
    this.text = text;
  }

  /**
   * Line breaks in {@code text[0, end)} taken on its own: a {@code \r} at {@code end - 1} counts as
   * a break.
   */
  static int countBreaks(String text, int end) {
    int count = 0;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= end || text.charAt(i + 1) != '\n'))) {
        count++;
      }
    }
    return count;
  }

  /**
   * Offset just after the {@code k}-th line break of this leaf ({@code 1 <= k <= breaks}), counted
   * as in {@link #countBreaks}.
   */
  int breakEnd(int k) {
    int count = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
        count++;
        if (count == k) {
          return i + 1;
        }
      }
    }
    throw new IllegalStateException("leaf has fewer than " + k + " line breaks");
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

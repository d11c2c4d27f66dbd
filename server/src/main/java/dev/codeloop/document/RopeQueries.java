package dev.codeloop.document;

/** Read-only descents over the rope: chars, slices and the line index. */
final class RopeQueries {
  private RopeQueries() {}

  static char charAt(RopeNode n, int offset) {
    while (n instanceof RopeBranch b) {
      if (offset < b.left.length) {
        n = b.left;
      } else {
        offset -= b.left.length;
        n = b.right;
      }
    }
    return ((RopeLeaf) n).text.charAt(offset);
  }

  /** Appends the text {@code [start, end)} of {@code n} to {@code out}. */
  static void appendTo(StringBuilder out, RopeNode n, int start, int end) {
    if (start >= end) {
      return;
    }
    if (n instanceof RopeBranch b) {
      int ll = b.left.length;
      if (start < ll) {
        appendTo(out, b.left, start, Math.min(end, ll));
      }
      if (end > ll) {
        appendTo(out, b.right, Math.max(0, start - ll), end - ll);
      }
      return;
    }
    out.append(((RopeLeaf) n).text, start, end);
  }

  /**
   * Whether the rope's chars from {@code at} on begin with {@code s} from {@code from} on, compared
   * leaf by leaf (only the leaves that hold that region are read).
   */
  static boolean startsWith(RopeNode n, int at, CharSequence s, int from) {
    if (from >= s.length()) {
      return true;
    }
    if (n instanceof RopeBranch b) {
      int leftLength = b.left.length;
      if (at < leftLength && !startsWith(b.left, at, s, from)) {
        return false;
      }
      int done = Math.max(0, leftLength - at);
      return from + done >= s.length()
          || startsWith(b.right, Math.max(0, at - leftLength), s, from + done);
    }
    String t = ((RopeLeaf) n).text;
    int count = Math.min(t.length() - at, s.length() - from);
    if (s instanceof String str) {
      return str.regionMatches(from, t, at, count);
    }
    for (int i = 0; i < count; i++) {
      if (t.charAt(at + i) != s.charAt(from + i)) {
        return false;
      }
    }
    return true;
  }

  /** Offset just after the {@code k}-th line break, {@code 1 <= k <= n.breaks}. */
  static int breakEnd(RopeNode n, int k) {
    return locateBreak(n, k, false);
  }

  /** Offset of the first char of the {@code k}-th line break, {@code 1 <= k <= n.breaks}. */
  static int breakStart(RopeNode n, int k) {
    return locateBreak(n, k, true);
  }

  private static int locateBreak(RopeNode n, int k, boolean start) {
    int base = 0;
    while (n instanceof RopeBranch b) {
      RopeNode left = b.left;
      boolean crlf = RopeNode.crlfAcross(left, b.right);
      if (k < left.breaks || (k == left.breaks && !crlf)) {
        n = left;
      } else if (k == left.breaks) {
        return base + left.length + (start ? -1 : 1);
      } else {
        k = k - left.breaks + (crlf ? 1 : 0);
        base += left.length;
        n = b.right;
      }
    }
    RopeLeaf leaf = (RopeLeaf) n;
    return base + (start ? leaf.breakStart(k) : leaf.breakEnd(k));
  }

  /**
   * Line breaks in the text {@code [0, offset)} taken on its own: a {@code \r} just before {@code
   * offset} counts even when a {@code \n} follows.
   */
  static int breaksBefore(RopeNode n, int offset) {
    int count = 0;
    while (n instanceof RopeBranch b) {
      RopeNode left = b.left;
      if (offset <= left.length) {
        n = left;
      } else {
        count += left.breaks - (RopeNode.crlfAcross(left, b.right) ? 1 : 0);
        offset -= left.length;
        n = b.right;
      }
    }
    return count + ((RopeLeaf) n).breaksBefore(offset);
  }
}

package dev.codeloop.document;

/**
 * A node of the persistent rope behind {@link DocumentText}. Every node is immutable and carries a
 * summary of the text below it, so that offsets, line breaks and UTF-8 lengths can be found by a
 * single descent from the root.
 *
 * <p>Line breaks are {@code \n}, {@code \r\n} and a lone {@code \r}. A subtree counts its breaks as
 * if its text stood alone (a trailing {@code \r} counts as a break); a parent subtracts one when
 * its left child ends with {@code \r} and its right child starts with {@code \n}, so that a {@code
 * \r\n} pair spanning two leaves is counted once.
 */
abstract sealed class RopeNode permits RopeLeaf, RopeBranch {
  /** Length in UTF-16 code units. */
  final int length;

  /** Number of line breaks, a {@code \r\n} pair counting once. */
  final int breaks;

  /** Length in UTF-8 bytes; a lone surrogate counts as three bytes. */
  final long utf8Length;

  /** Zero for a leaf. */
  final int height;

  /** First and last char; meaningless when {@link #length} is zero. */
  final char first;

  final char last;

  RopeNode(int length, int breaks, long utf8Length, int height, char first, char last) {
    this.length = length;
    this.breaks = breaks;
    this.utf8Length = utf8Length;
    this.height = height;
    this.first = first;
    this.last = last;
  }

  final boolean endsWithCr() {
    return length > 0 && last == '\r';
  }

  final boolean startsWithLf() {
    return length > 0 && first == '\n';
  }

  /** Whether a {@code \r\n} pair spans the boundary between {@code left} and {@code right}. */
  static boolean crlfAcross(RopeNode left, RopeNode right) {
    return left.endsWithCr() && right.startsWithLf();
  }

  /** Whether a surrogate pair spans the boundary between {@code left} and {@code right}. */
  static boolean surrogatePairAcross(RopeNode left, RopeNode right) {
    return left.length > 0
        && right.length > 0
        && Character.isHighSurrogate(left.last)
        && Character.isLowSurrogate(right.first);
  }
}

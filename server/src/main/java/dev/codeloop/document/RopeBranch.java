package dev.codeloop.document;

/** An inner rope node with exactly two non-empty children. */
final class RopeBranch extends RopeNode {
  final RopeNode left;
  final RopeNode right;

  RopeBranch(RopeNode left, RopeNode right) {
    super(
        left.length + right.length,
        left.breaks + right.breaks - (crlfAcross(left, right) ? 1 : 0),
        left.utf8Length + right.utf8Length - (surrogatePairAcross(left, right) ? 2 : 0),
        1 + Math.max(left.height, right.height),
        left.first,
        right.last);
    this.left = left;
    this.right = right;
  }
}

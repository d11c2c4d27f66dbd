package dev.codeloop.document;

/**
 * Structural operations on the persistent rope: balanced construction, AVL join, split and
 * replacement. Every operation returns new nodes and shares untouched subtrees; no node is ever
 * mutated.
 */
final class RopeTree {
  private RopeTree() {}

  /** A perfectly balanced rope of leaves of about {@code maxLeaf / 2} chars, in linear time. */
  static RopeNode build(String text, int maxLeaf) {
    if (text.length() <= maxLeaf) {
      return text.isEmpty() ? RopeLeaf.EMPTY : new RopeLeaf(text);
    }
    int target = Math.max(1, maxLeaf / 2);
    int leaves = (text.length() + target - 1) / target;
    return buildRange(text, leaves, 0, leaves);
  }

  private static RopeNode buildRange(String text, int leaves, int from, int to) {
    if (to - from == 1) {
      return new RopeLeaf(text.substring(boundary(text, leaves, from), boundary(text, leaves, to)));
    }
    int mid = (from + to) >>> 1;
    return new RopeBranch(buildRange(text, leaves, from, mid), buildRange(text, leaves, mid, to));
  }

  private static int boundary(String text, int leaves, int index) {
    return (int) ((long) text.length() * index / leaves);
  }

  /** Concatenation of two AVL ropes in O(|height difference| + 1). */
  static RopeNode join(RopeNode a, RopeNode b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    if (a.height > b.height + 1) {
      return joinRight((RopeBranch) a, b);
    }
    if (b.height > a.height + 1) {
      return joinLeft(a, (RopeBranch) b);
    }
    return new RopeBranch(a, b);
  }

  private static RopeNode joinRight(RopeBranch a, RopeNode b) {
    RopeNode l = a.left;
    RopeNode c = a.right;
    if (c.height <= b.height + 1) {
      RopeBranch t = new RopeBranch(c, b);
      if (t.height <= l.height + 1) {
        return new RopeBranch(l, t);
      }
      return rotateLeft(new RopeBranch(l, rotateRight(t)));
    }
    RopeNode t = joinRight((RopeBranch) c, b);
    RopeBranch joined = new RopeBranch(l, t);
    return t.height <= l.height + 1 ? joined : rotateLeft(joined);
  }

  private static RopeNode joinLeft(RopeNode a, RopeBranch b) {
    RopeNode c = b.left;
    RopeNode r = b.right;
    if (c.height <= a.height + 1) {
      RopeBranch t = new RopeBranch(a, c);
      if (t.height <= r.height + 1) {
        return new RopeBranch(t, r);
      }
      return rotateRight(new RopeBranch(rotateLeft(t), r));
    }
    RopeNode t = joinLeft(a, (RopeBranch) c);
    RopeBranch joined = new RopeBranch(t, r);
    return t.height <= r.height + 1 ? joined : rotateRight(joined);
  }

  private static RopeBranch rotateLeft(RopeBranch n) {
    RopeBranch r = (RopeBranch) n.right;
    return new RopeBranch(new RopeBranch(n.left, r.left), r.right);
  }

  private static RopeBranch rotateRight(RopeBranch n) {
    RopeBranch l = (RopeBranch) n.left;
    return new RopeBranch(l.left, new RopeBranch(l.right, n.right));
  }

  /** The text {@code [0, offset)} of {@code n}, in O(log n) plus a leaf copy. */
  static RopeNode prefix(RopeNode n, int offset) {
    if (offset <= 0) {
      return RopeLeaf.EMPTY;
    }
    if (offset >= n.length) {
      return n;
    }
    if (n instanceof RopeBranch b) {
      int ll = b.left.length;
      return offset <= ll ? prefix(b.left, offset) : join(b.left, prefix(b.right, offset - ll));
    }
    return new RopeLeaf(((RopeLeaf) n).text.substring(0, offset));
  }

  /** The text {@code [offset, length)} of {@code n}, in O(log n) plus a leaf copy. */
  static RopeNode suffix(RopeNode n, int offset) {
    if (offset <= 0) {
      return n;
    }
    if (offset >= n.length) {
      return RopeLeaf.EMPTY;
    }
    if (n instanceof RopeBranch b) {
      int ll = b.left.length;
      return offset >= ll ? suffix(b.right, offset - ll) : join(suffix(b.left, offset), b.right);
    }
    return new RopeLeaf(((RopeLeaf) n).text.substring(offset));
  }

  /**
   * Replaces {@code [start, end)} of {@code root} by {@code text}. An edit inside one leaf that
   * keeps the leaf within {@code [maxLeaf / 4, maxLeaf]} copies only the leaf and its path; any
   * other edit rebuilds the touched leaves (widened so that no undersized leaf is left behind) and
   * joins them back between the untouched prefix and suffix. Cost O(edit + leaf size + log n).
   */
  static RopeNode replace(RopeNode root, int start, int end, String text, int maxLeaf) {
    int minLeaf = Math.max(1, maxLeaf / 4);
    RopeNode inPlace = replaceInLeaf(root, start, end, text, minLeaf, maxLeaf, true);
    if (inPlace != null) {
      return inPlace;
    }
    int from = leafStart(root, start);
    int to = leafEnd(root, end);
    StringBuilder middle = new StringBuilder(text.length() + (start - from) + (to - end));
    RopeQueries.appendTo(middle, root, from, start);
    middle.append(text);
    RopeQueries.appendTo(middle, root, end, to);
    while (middle.length() < minLeaf && (from > 0 || to < root.length)) {
      if (from > 0) {
        int widened = leafStart(root, from - 1);
        StringBuilder before = new StringBuilder();
        RopeQueries.appendTo(before, root, widened, from);
        middle.insert(0, before);
        from = widened;
      } else {
        int widened = leafEnd(root, to + 1);
        RopeQueries.appendTo(middle, root, to, widened);
        to = widened;
      }
    }
    RopeNode built = build(middle.toString(), maxLeaf);
    return join(join(prefix(root, from), built), suffix(root, to));
  }

  private static RopeNode replaceInLeaf(
      RopeNode n, int start, int end, String text, int minLeaf, int maxLeaf, boolean isRoot) {
    if (n instanceof RopeBranch b) {
      int ll = b.left.length;
      if (end <= ll) {
        RopeNode left = replaceInLeaf(b.left, start, end, text, minLeaf, maxLeaf, false);
        return left == null ? null : new RopeBranch(left, b.right);
      }
      if (start >= ll) {
        RopeNode right =
            replaceInLeaf(b.right, start - ll, end - ll, text, minLeaf, maxLeaf, false);
        return right == null ? null : new RopeBranch(b.left, right);
      }
      return null;
    }
    String old = ((RopeLeaf) n).text;
    int newLength = old.length() - (end - start) + text.length();
    if (newLength > maxLeaf || (newLength < minLeaf && !isRoot)) {
      return null;
    }
    return newLength == 0
        ? RopeLeaf.EMPTY
        : new RopeLeaf(old.substring(0, start) + text + old.substring(end));
  }

  /** Start offset of the leaf holding {@code offset} (the last leaf for the end of the text). */
  private static int leafStart(RopeNode n, int offset) {
    int base = 0;
    while (n instanceof RopeBranch b) {
      if (offset < b.left.length) {
        n = b.left;
      } else {
        offset -= b.left.length;
        base += b.left.length;
        n = b.right;
      }
    }
    return base;
  }

  /** End offset of the leaf ending at or holding {@code offset}. */
  private static int leafEnd(RopeNode n, int offset) {
    int base = 0;
    while (n instanceof RopeBranch b) {
      if (offset <= b.left.length) {
        n = b.left;
      } else {
        offset -= b.left.length;
        base += b.left.length;
        n = b.right;
      }
    }
    return base + n.length;
  }
}

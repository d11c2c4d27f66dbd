package dev.codeloop.model.embedded.lm;

import java.util.function.IntConsumer;

/** Read access to n-gram counts organised as a trie of nodes (root = all tokens). */
public interface NgramCounts {
  int ROOT = 0;

  /** The node for {@code w} after the sequence of {@code node}, or -1. */
  int child(int node, int w);

  /** Occurrences of the node's sequence (for the root: all tokens). */
  int count(int node);

  /** Sum of the counts of the node's children. */
  int childSum(int node);

  /** Number of distinct children with a positive count. */
  int types(int node);

  int word(int node);

  /** Absolute discount for n-grams of {@code level}. */
  double discount(int level);

  /** Times a line ended right after the node's sequence, or -1 when not tracked. */
  int lineEnds(int node);

  /** Calls {@code action} with each child node that has a positive count. */
  void forEachChild(int node, IntConsumer action);

  int order();

  /**
   * Whether every n-gram with a node also has a node for its suffix one token shorter (the counts
   * were made by adding each token at every order): then {@code w} missing after a context means it
   * is missing after every longer context too.
   */
  default boolean suffixClosed() {
    return false;
  }

  /** Up to {@code k} children of {@code node} with the highest counts, best first. */
  default int[] topChildren(int node, int k) {
    long[] packed = new long[Math.max(4, types(node))];
    int[] n = new int[1];
    forEachChild(
        node,
        c -> {
          if (n[0] == packed.length) {
            return;
          }
          packed[n[0]++] = ((long) count(c) << 32) | c;
        });
    java.util.Arrays.sort(packed, 0, n[0]);
    int m = Math.min(k, n[0]);
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = (int) packed[n[0] - 1 - i];
    }
    return out;
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The static n-gram counts of a corpus as a compact, immutable, level-ordered trie: node {@code n}
 * holds a word, the count of the n-gram spelled by the path to it, and its children (the words seen
 * after that n-gram), stored contiguously and sorted by word id. 16 bytes per retained n-gram, no
 * hashing, and the successor lists needed for prediction come for free.
 */
public final class TrieModel implements NgramCounts {

  private final int order;
  private final int vocabSize;
  private final int[] word;
  private final int[] count;
  private final int[] childStart;
  private final int[] childSum;
  private final int[] lineEnds;
  private final int[] levelStart;
  private final double[] discount;
  private final int[] continuation;
  private final int[] continuationSum;
  private final int[] continuationTypes;

  TrieModel(
      int order,
      int vocabSize,
      int[] word,
      int[] count,
      int[] childStart,
      int[] childSum,
      int[] lineEnds,
      int[] levelStart,
      double[] discount,
      int[] continuation,
      int[] continuationSum,
      int[] continuationTypes) {
    // The top level's nodes are never a context: they have no children, no continuation counts
    // (nothing longer follows them) and nothing reads their child sums. Those arrays stop where the
    // top level starts (a fifth of the retained n-grams or more: 20 bytes each), and the accessors
    // answer for the nodes beyond it what the full arrays held (children from `nodes` to `nodes`,
    // zero sums and counts).
    // (TrieModelBuilder hands them over cut; the model file holds them whole.)
    int topLevel = levelStart[order];
    this.continuation = cut(continuation, topLevel);
    this.continuationSum = cut(continuationSum, topLevel);
    this.continuationTypes = cut(continuationTypes, topLevel);
    this.order = order;
    this.vocabSize = vocabSize;
    this.word = word;
    this.count = count;
    this.childStart = cut(childStart, topLevel + 1);
    this.childSum = cut(childSum, topLevel);
    this.lineEnds = lineEnds;
    this.levelStart = levelStart;
    this.discount = discount;
    this.topIndex = new LongIntMap(64);
    IntList pool = new IntList(1024);
    for (int node = 0; node + 1 < this.childStart.length; node++) {
      if (this.childStart[node + 1] - this.childStart[node] > TOP_THRESHOLD) {
        int[] top = NgramCounts.super.topChildren(node, TOP_KEPT);
        topIndex.put(node + 1L, pool.size());
        for (int c : top) {
          pool.add(c);
        }
      }
    }
    this.topPool = pool.toArray();
  }

  /** {@code a}, or its first {@code length} ints when it is longer. */
  private static int[] cut(int[] a, int length) {
    return a.length <= length ? a : Arrays.copyOf(a, length);
  }

  /** {@code a[node]}, or 0 for a node past a cut array (see the constructor). */
  private static int at(int[] a, int node) {
    return node < a.length ? a[node] : 0;
  }

  private static final int TOP_THRESHOLD = 48;
  private static final int TOP_KEPT = 48;
  private final LongIntMap topIndex;
  private final int[] topPool;

  @Override
  public int[] topChildren(int node, int k) {
    int at = topIndex.get(node + 1L, -1);
    if (at < 0) {
      return NgramCounts.super.topChildren(node, k);
    }
    return Arrays.copyOfRange(topPool, at, at + Math.min(k, TOP_KEPT));
  }

  /** An empty model over no tokens. */
  public static TrieModel empty(int order) {
    return empty(order, 2);
  }

  /** A model with no counts over a vocabulary of {@code vocabSize} ids. */
  public static TrieModel empty(int order, int vocabSize) {
    return new TrieModelBuilder(order, false).build(java.util.List.of(), vocabSize);
  }

  @Override
  public int order() {
    return order;
  }

  /** Vocabulary size when the model was built (the uniform floor is over these ids). */
  public int vocabSize() {
    return vocabSize;
  }

  public int nodes() {
    return word.length;
  }

  /** Number of training tokens. */
  public long tokens() {
    return childSum[ROOT];
  }

  /** The child of {@code node} for {@code w}, or -1. */
  @Override
  public int child(int node, int w) {
    int lo = start(node);
    int hi = start(node + 1) - 1;
    if (node == ROOT && lo <= hi) {
      // the root's children are the vocabulary's words, nearly every id in order: try the place
      // the id would have in a run without gaps before searching (most menu candidates ask for
      // their unigram two or three times)
      int guess = lo + w - word[lo];
      if (guess >= lo && guess <= hi && word[guess] == w) {
        return guess;
      }
    }
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int v = word[mid];
      if (v < w) {
        lo = mid + 1;
      } else if (v > w) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The node of a token sequence {@code seq[from..to)}, or -1 when it was not retained. */
  public int find(int[] seq, int from, int to) {
    int node = ROOT;
    for (int i = from; i < to && node >= 0; i++) {
      node = child(node, seq[i]);
    }
    return node;
  }

  @Override
  public int count(int node) {
    return node == ROOT ? childSum[ROOT] : count[node];
  }

  @Override
  public int word(int node) {
    return word[node];
  }

  @Override
  public int childSum(int node) {
    return at(childSum, node);
  }

  @Override
  public int types(int node) {
    return start(node + 1) - start(node);
  }

  /** Where {@code node}'s children start (and its predecessor's end): see the constructor. */
  private int start(int node) {
    return node < childStart.length ? childStart[node] : word.length;
  }

  /** Absolute discount for n-grams of {@code level} (1 = unigrams). */
  @Override
  public double discount(int level) {
    return discount[level];
  }

  /** Times a line ended right after this n-gram (only unigram and bigram nodes; else -1). */
  @Override
  public int lineEnds(int node) {
    return node > 0 && node < lineEnds.length ? lineEnds[node] : -1;
  }

  /** Calls {@code action} with each child node of {@code node}. */
  @Override
  public void forEachChild(int node, IntConsumer action) {
    for (int c = start(node); c < start(node + 1); c++) {
      action.accept(c);
    }
  }

  /** Number of distinct tokens seen right before this n-gram (Kneser-Ney continuation count). */
  public int continuation(int node) {
    return at(continuation, node);
  }

  /** Sum of the continuation counts of the node's children. */
  public int continuationSum(int node) {
    return at(continuationSum, node);
  }

  /** Number of children with a positive continuation count. */
  public int continuationTypes(int node) {
    return at(continuationTypes, node);
  }

  int[] continuations() {
    return continuation;
  }

  int[] continuationSums() {
    return continuationSum;
  }

  int[] continuationTypeCounts() {
    return continuationTypes;
  }

  int childStart(int node) {
    return start(node);
  }

  int childEnd(int node) {
    return start(node + 1);
  }

  /** Approximate heap bytes held by the arrays. */
  public long retainedBytes() {
    return 4L
            * (word.length
                + count.length
                + childStart.length
                + childSum.length
                + lineEnds.length
                + continuation.length
                + continuationSum.length
                + continuationTypes.length)
        + 4L * topPool.length
        + topIndex.retainedBytes()
        + 64;
  }

  // persistence access
  int[] words() {
    return word;
  }

  int[] counts() {
    return count;
  }

  int[] childStarts() {
    return childStart;
  }

  int[] childSums() {
    return childSum;
  }

  int[] lineEndCounts() {
    return lineEnds;
  }

  int[] levelStarts() {
    return levelStart;
  }

  double[] discounts() {
    return discount;
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Mutable n-gram counts for a cache component (the current file, recently edited files): a hashed
 * trie in primitive arrays. Sequences can be added and removed again; removed n-grams keep a
 * zero-count slot until the owner rebuilds the cache. Not thread-safe: the owner guards it.
 *
 * <p>Each entry is identified by the 64-bit hash of its sequence (stored once, in {@code key}); the
 * index is an open-addressing table of entry ids probed by that hash, so an entry costs 36 bytes
 * plus 4–8 bytes of index.
 */
public final class CacheModel implements NgramCounts {
  private static final double DISCOUNT = 0.6;

  private final int order;

  /** Open-addressing index: entry id + 1 per slot, 0 = empty; never shrinks, no deletions. */
  private int[] table;

  private long[] key;
  private int[] word;
  private int[] count;
  private int[] childSum;
  private int[] types;
  private int[] head;
  private int[] next;
  private int[] lineEnds;
  private int size;

  /**
   * @param expectedTokens how many tokens will be added (sizes the arrays: a cache holds a few
   *     entries per token, more for a higher order, and growing them rehashes everything)
   */
  public CacheModel(int order, int expectedTokens) {
    this.order = order;
    int cap =
        (int) Math.min(1 << 28, Math.max(64L, (long) expectedTokens * Math.max(2, order / 2)));
    table = new int[tableSizeFor(cap)];
    key = new long[cap];
    word = new int[cap];
    count = new int[cap];
    childSum = new int[cap];
    types = new int[cap];
    head = new int[cap];
    next = new int[cap];
    lineEnds = new int[cap];
    key[0] = Hashing.ROOT;
    word[0] = -1;
    head[0] = -1;
    size = 1;
  }

  /**
   * Empties the cache for another use, keeping its arrays: what a new cache of the same order
   * holds, with the capacity this one grew to. A request's caches are filled anew at every
   * completion, and allocating them was half of what a menu request allocated.
   */
  public void clear() {
    Arrays.fill(table, 0);
    Arrays.fill(count, 0, size, 0);
    Arrays.fill(childSum, 0, size, 0);
    Arrays.fill(types, 0, size, 0);
    Arrays.fill(lineEnds, 0, size, 0);
    sortedChildren = null;
    key[0] = Hashing.ROOT;
    word[0] = -1;
    head[0] = -1;
    size = 1;
  }

  /**
   * Adds ({@code delta = 1}) or removes ({@code delta = -1}) a whole document after {@code <s>}.
   */
  public void addDocument(int[] encoded, int delta) {
    Appender a = new Appender(delta);
    for (int t : encoded) {
      a.append(t);
    }
    if (!a.started) {
      a.start(); // an empty document still had its <s>
    }
  }

  /** Starts appending a document token by token (the document begins with {@code <s>}). */
  public Appender appender() {
    return new Appender(1);
  }

  /**
   * Starts removing a document token by token, in the order it was appended: a remover trailing an
   * appender by {@code n} tokens keeps a sliding window of the last {@code n} tokens.
   */
  public Appender remover() {
    return new Appender(-1);
  }

  /** Feeds tokens of one document in order. */
  public final class Appender {
    private final int delta;
    private final int[] prev;
    private final int[] cur;

    private boolean started;

    Appender(int delta) {
      this.delta = delta;
      prev = new int[order + 1];
      cur = new int[order + 1];
      Arrays.fill(prev, -1);
      prev[0] = ROOT;
      if (delta > 0) {
        start();
      }
    }

    /**
     * {@code <s>}: an appender adds it at once, a remover when it removes the first token. A
     * unigram cache counts tokens only: it has no context in which a document start would matter.
     */
    private void start() {
      started = true;
      if (order > 1) {
        prev[1] = update(ROOT, Vocabulary.BOS, delta, false);
      }
    }

    public void append(int encoded) {
      if (!started) {
        start();
      }
      int w = TokenCodec.word(encoded);
      boolean end = TokenCodec.lineEnds(encoded);
      cur[0] = ROOT;
      for (int k = 1; k <= order; k++) {
        int parent = prev[k - 1];
        cur[k] = parent < 0 ? -1 : update(parent, w, delta, end);
      }
      System.arraycopy(cur, 0, prev, 0, order + 1);
    }
  }

  private int update(int parent, int w, int delta, boolean end) {
    if (sortedChildren != null) {
      sortedChildren = null; // counts change: what was sorted is stale
    }
    long k = Hashing.extend(key[parent], w);
    int e = find(k);
    if (e < 0) {
      if (delta < 0) {
        return -1;
      }
      e = newEntry(k, w, parent);
    }
    int before = count[e];
    int after = Math.max(0, before + delta);
    count[e] = after;
    childSum[parent] += after - before;
    if (before == 0 && after > 0) {
      types[parent]++;
    } else if (before > 0 && after == 0) {
      types[parent]--;
    }
    if (end) {
      lineEnds[e] = Math.max(0, lineEnds[e] + delta);
    }
    return e;
  }

  private int newEntry(long k, int w, int parent) {
    if (size == key.length) {
      int cap = size + Math.max(16, size >> 1);
      key = Arrays.copyOf(key, cap);
      word = Arrays.copyOf(word, cap);
      count = Arrays.copyOf(count, cap);
      childSum = Arrays.copyOf(childSum, cap);
      types = Arrays.copyOf(types, cap);
      head = Arrays.copyOf(head, cap);
      next = Arrays.copyOf(next, cap);
      lineEnds = Arrays.copyOf(lineEnds, cap);
    }
    int e = size++;
    key[e] = k;
    word[e] = w;
    head[e] = -1;
    next[e] = head[parent];
    head[parent] = e;
    if (size > table.length * 3L / 4) {
      rehash(table.length * 2); // inserts e too
    } else {
      insert(e);
    }
    return e;
  }

  /**
   * Shrinks the arrays to the entries held (a cache that will not grow any more: they are sized for
   * an estimate and grow by half, so up to a third of them can be empty). Adding to the cache
   * afterwards still works; it grows again.
   */
  public void trim() {
    if (size == key.length) {
      return;
    }
    key = Arrays.copyOf(key, size);
    word = Arrays.copyOf(word, size);
    count = Arrays.copyOf(count, size);
    childSum = Arrays.copyOf(childSum, size);
    types = Arrays.copyOf(types, size);
    head = Arrays.copyOf(head, size);
    next = Arrays.copyOf(next, size);
    lineEnds = Arrays.copyOf(lineEnds, size);
    int slots = tableSizeFor(size);
    if (slots < table.length) {
      rehash(slots);
    }
  }

  private static int tableSizeFor(int entries) {
    int n = Math.max(16, (int) Math.min(1 << 30, entries * 4L / 3 + 1));
    return Integer.highestOneBit(n - 1) << 1;
  }

  private int find(long k) {
    int mask = table.length - 1;
    for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
      int slot = table[i];
      if (slot == 0) {
        return -1;
      }
      if (key[slot - 1] == k) {
        return slot - 1;
      }
    }
  }

  private void insert(int e) {
    long k = key[e];
    int mask = table.length - 1;
    int i = (int) (k ^ (k >>> 32)) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = e + 1;
  }

  private void rehash(int slots) {
    table = new int[slots];
    for (int e = 1; e < size; e++) {
      insert(e);
    }
  }

  /**
   * Entries allocated (live or dead); the owner rebuilds when this grows far beyond the live
   * tokens.
   */
  public int entries() {
    return size;
  }

  public long tokens() {
    return childSum[ROOT];
  }

  public long retainedBytes() {
    return table.length * 4L + key.length * 36L;
  }

  @Override
  public int child(int node, int w) {
    return find(Hashing.extend(key[node], w));
  }

  @Override
  public int count(int node) {
    return node == ROOT ? childSum[ROOT] : count[node];
  }

  @Override
  public int childSum(int node) {
    return childSum[node];
  }

  @Override
  public int types(int node) {
    return types[node];
  }

  @Override
  public int word(int node) {
    return word[node];
  }

  @Override
  public double discount(int level) {
    return DISCOUNT;
  }

  @Override
  public int lineEnds(int node) {
    return lineEnds[node];
  }

  /**
   * Children lists with more than this many entries are sorted once and kept until the counts
   * change: the completion path asks for the best children of the same few wide nodes (after {@code
   * (}, {@code .}, {@code =}) at every step of its beam search, and walking thousands of linked
   * children each time was a seventh of a request's CPU with the directory and recent-files caches
   * in use.
   */
  private static final int SORTED_KEPT_ABOVE = 48;

  /**
   * Node to all its children, best first, for wide nodes; dropped by any change. Requests read a
   * published cache from several threads at once (its owner guards changes), so the map is
   * concurrent; two threads creating it at once only lose each other's entries.
   */
  private volatile ConcurrentHashMap<Integer, int[]> sortedChildren;

  @Override
  public int[] topChildren(int node, int k) {
    if (types[node] <= SORTED_KEPT_ABOVE) {
      return NgramCounts.super.topChildren(node, k);
    }
    ConcurrentHashMap<Integer, int[]> sorted = sortedChildren;
    if (sorted == null) {
      sorted = new ConcurrentHashMap<>();
      sortedChildren = sorted;
    }
    int[] all = sorted.get(node);
    if (all == null) {
      all = NgramCounts.super.topChildren(node, Integer.MAX_VALUE);
      sorted.put(node, all);
    }
    return Arrays.copyOf(all, Math.min(k, all.length));
  }

  @Override
  public void forEachChild(int node, IntConsumer action) {
    for (int c = head[node]; c >= 0; c = next[c]) {
      if (count[c] > 0) {
        action.accept(c);
      }
    }
  }

  @Override
  public int order() {
    return order;
  }

  /**
   * An appender adds each token at every order, the shorter n-grams first, and entries are never
   * removed (a removed n-gram keeps its slot with a count of zero).
   */
  @Override
  public boolean suffixClosed() {
    return true;
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link TrieModel} level by level: level {@code k} only counts k-grams whose (k-1)-prefix
 * was retained, so memory stays bounded by what survives pruning (singletons above bigrams when
 * pruning).
 */
public final class TrieModelBuilder {
  private final int order;
  private final boolean pruneSingletons;

  public TrieModelBuilder(int order, boolean pruneSingletons) {
    this.order = order;
    this.pruneSingletons = pruneSingletons;
  }

  /**
   * What a build counted, to size the next one's arrays: the positions it read (tokens and one
   * {@code <s>} per document), whether it pruned, the nodes it kept, those below the top level (the
   * contexts: only they have children and continuation counts), and per level {@code k} the
   * distinct k-grams it counted (before pruning).
   */
  public record Sizes(long positions, boolean pruned, int nodes, int contexts, int[] counted) {
    public Sizes {
      counted = counted.clone();
    }

    /** {@code value} of this build, expected of one of {@code now} positions (5 % over). */
    int expected(long value, long now) {
      double scaled = positions == 0 ? value : value * (double) now / positions;
      return (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(scaled * 1.05) + 64);
    }
  }

  /** A trie and what its build counted. */
  public record Built(TrieModel trie, Sizes sizes) {}

  /**
   * Builds from encoded documents (see {@link TokenCodec}); each document starts with {@code <s>}.
   */
  public TrieModel build(List<int[]> documents, int vocabSize) {
    return build(documents, vocabSize, null).trie();
  }

  /**
   * Builds from encoded documents (see {@link TokenCodec}); each document starts with {@code <s>}.
   * {@code last} is what the previous build of these documents counted (null: none), scaled to size
   * the node arrays and each level's counts, so that they neither grow (each growth copies them)
   * nor start at a generous guess (a first build guesses, see firstGuess): a rebuild runs while the
   * server serves, so what it holds is the server's peak memory.
   *
   * <p>Besides the documents and the trie it makes, a build holds one int per position (the node
   * ending there, updated level by level in place), one map of counts reused by every level, each
   * node's word and count, and the children's start and continuation count of the nodes below the
   * top level (the child sums are summed at the end); the documents are read where they are, not
   * copied into one array.
   */
  public Built build(List<int[]> documents, int vocabSize, Sizes last) {
    int[][] docs = documents.toArray(new int[0][]);
    long positions = 0;
    for (int[] d : docs) {
      positions += d.length + 1;
    }
    int total = Math.toIntExact(positions);
    boolean sized =
        last != null && last.pruned() == pruneSingletons && last.counted().length == order + 1;
    // with no build before: the nodes of java.base are 0.26 of its positions pruned, 0.58 not, and
    // four fifths of them are contexts
    int capacity =
        sized
            ? last.expected(last.nodes(), total)
            : (pruneSingletons ? total / 3 : total / 3 * 2) + 16;
    int contexts = sized ? last.expected(last.contexts(), total) : capacity / 5 * 4;
    int[] distinct = new int[order + 1];
    Nodes nodes = new Nodes(capacity, contexts);
    int[] levelStart = new int[order + 2];
    double[] discount = new double[order + 1];
    int[] lineEnds = new int[0];
    // at[i]: the retained node of the (k-1)-gram ending at position i (-1: none), then, once level
    // k is built, of the k-gram; position i's parent at level k is at[i - 1] of level k-1
    int[] at = new int[total];
    int parentLevelStart = 0;
    // one map for every level: sized for the largest level a build before counted (a first build
    // grows it from its guesses), cleared between levels, so that no level's map is left behind
    int largest = 0;
    for (int k = 1; sized && k <= order; k++) {
      largest = Math.max(largest, last.expected(last.counted()[k], total));
    }
    LongIntMap counts = new LongIntMap(sized ? largest : firstGuess(1, total, distinct));
    // each step of a level is a method of its own: the JIT compiles each hot loop alone (compiled
    // in place, one method of every level's loops took 12-22 MB of the compiler's memory per
    // compilation)
    for (int k = 1; k <= order; k++) {
      if (k > 1) {
        counts.reset(sized ? largest : firstGuess(k, total, distinct));
      }
      boolean top = k == order;
      count(docs, k, at, counts, nodes.cont);
      distinct[k] = counts.size();
      int min = pruneSingletons && k >= 3 ? 2 : 1;
      discount[k] = discount(counts);
      long[] sorted = retained(counts, min);
      int first = nodes.size();
      levelStart[k] = first;
      nodes.addLevel(sorted, counts, parentLevelStart, top);
      sorted = null;
      if (k <= 2) {
        lineEnds = Arrays.copyOf(lineEnds, nodes.size());
      }
      if (!top || k <= 2) {
        // the top level's nodes are never a parent: no position needs them
        mark(docs, k, at, counts, k <= 2 ? lineEnds : null);
      }
      parentLevelStart = first;
    }
    counts = null;
    at = null; // not needed below: the node arrays' final copies need the room
    int count = nodes.size();
    levelStart[order + 1] = count;
    TrieModel trie =
        nodes.finish(order, vocabSize, parentLevelStart, levelStart, discount, lineEnds);
    return new Built(trie, new Sizes(total, pruneSingletons, count, parentLevelStart, distinct));
  }

  /**
   * Counts level {@code k}'s n-grams: at each position whose (k-1)-gram was retained, the k-gram
   * made of that node and the position's word.
   */
  private static void count(int[][] docs, int k, int[] at, LongIntMap counts, IntList cont) {
    int i = 0;
    for (int[] d : docs) {
      for (int j = -1; j < d.length; j++, i++) {
        int parent = k == 1 ? NgramCounts.ROOT : (i == 0 ? -1 : at[i - 1]);
        int w = TokenCodec.word(j < 0 ? Vocabulary.BOS : d[j]);
        if (parent < 0 || (k > 1 && w == Vocabulary.BOS)) {
          continue;
        }
        if (counts.add(key(parent, w), 1) == 1 && k > 1 && at[i] >= 0) {
          // first time this k-gram is seen: its suffix (the (k-1)-gram ending here) gains one
          // distinct left context (Kneser-Ney continuation count)
          cont.increment(at[i], 1);
        }
      }
    }
  }

  /** The level's absolute discount from its counts of count 1 and 2. */
  private static double discount(LongIntMap counts) {
    long[] n = new long[3];
    counts.forEach(
        (key, c) -> {
          if (c <= 2) {
            n[c]++;
          }
        });
    return n[1] + 2 * n[2] == 0 ? 0.5 : clamp(n[1] / (double) (n[1] + 2 * n[2]));
  }

  /** The keys counted at least {@code min} times, sorted (by parent node, then word). */
  private static long[] retained(LongIntMap counts, int min) {
    int[] kept = new int[1];
    counts.forEach(
        (key, c) -> {
          if (c >= min) {
            kept[0]++;
          }
        });
    long[] sorted = new long[kept[0]];
    kept[0] = 0;
    counts.forEach(
        (key, c) -> {
          if (c >= min) {
            sorted[kept[0]++] = key;
          }
        });
    Arrays.sort(sorted);
    return sorted;
  }

  /**
   * From the last position to the first, so that at[i - 1] still holds level k-1 when position i's
   * node at level k is written: each position's node at level k (-1: not retained), and the line
   * ends after the nodes of levels 1 and 2 ({@code lineEnds} null above them).
   */
  private static void mark(int[][] docs, int k, int[] at, LongIntMap counts, int[] lineEnds) {
    int i = at.length - 1;
    for (int di = docs.length - 1; di >= 0; di--) {
      int[] d = docs[di];
      for (int j = d.length - 1; j >= -1; j--, i--) {
        int parent = k == 1 ? NgramCounts.ROOT : (i == 0 ? -1 : at[i - 1]);
        int token = j < 0 ? Vocabulary.BOS : d[j];
        int w = TokenCodec.word(token);
        int node = -1;
        if (parent >= 0 && (k == 1 || w != Vocabulary.BOS)) {
          int v = counts.get(key(parent, w), 0);
          if (v < 0) {
            node = -v - 1;
            if (lineEnds != null && TokenCodec.lineEnds(token)) {
              lineEnds[node]++;
            }
          }
        }
        at[i] = node;
      }
    }
  }

  /**
   * The trie's node arrays while they are built, a level at a time: each node's word and count, and
   * for the contexts (the nodes below the top level) where their children start and their
   * continuation counts.
   */
  private static final class Nodes {
    private IntList word;
    private IntList count;
    private IntList childStart;
    private IntList cont;

    Nodes(int capacity, int contexts) {
      word = new IntList(capacity);
      count = new IntList(capacity);
      childStart = new IntList(contexts);
      cont = new IntList(contexts);
      word.add(-1);
      count.add(0);
      cont.add(0);
      childStart.add(0);
    }

    int size() {
      return word.size();
    }

    /**
     * Appends a level's retained n-grams (sorted keys) as nodes (the {@code top} level's without
     * the contexts' arrays), sets where the parent level's children start, and marks each key in
     * {@code counts} retained with its node id.
     */
    void addLevel(long[] sorted, LongIntMap counts, int parentLevelStart, boolean top) {
      int first = word.size();
      int s = 0;
      for (int parentNode = parentLevelStart; parentNode < first; parentNode++) {
        childStart.set(parentNode, first + s);
        while (s < sorted.length && parentOf(sorted[s]) == parentNode) {
          s++;
        }
      }
      for (s = 0; s < sorted.length; s++) {
        long key = sorted[s];
        word.add(wordOf(key));
        count.add(counts.get(key, 0));
        if (!top) {
          childStart.add(0);
          cont.add(0);
        }
        counts.put(key, -(first + s) - 1); // mark retained with its node id
      }
    }

    /** The trie, once every level is added; {@code topStart} is the first node of the top level. */
    TrieModel finish(
        int order,
        int vocabSize,
        int topStart,
        int[] levelStart,
        double[] discount,
        int[] lineEnds) {
      int nodes = word.size();
      // the top level's nodes have no children: the arrays of what follows a node stop before it
      // (TrieModel); the last context's children end where the nodes do
      childStart.add(nodes);
      int[] childStarts = childStart.toArray();
      childStart = null;
      int[] contSum = new int[topStart];
      int[] contTypes = new int[topStart];
      int[] childSums = new int[topStart];
      for (int node = 0; node < topStart; node++) {
        for (int c = childStarts[node]; c < childStarts[node + 1]; c++) {
          childSums[node] += count.get(c);
          if (c < topStart) {
            contSum[node] += cont.get(c);
            if (cont.get(c) > 0) {
              contTypes[node]++;
            }
          }
        }
      }
      // each list's exact copy is made once the one before is dropped (one spare copy at a time)
      int[] continuations = cont.toArray();
      cont = null;
      int[] words = word.toArray();
      word = null;
      int[] nodeCounts = count.toArray();
      count = null;
      return new TrieModel(
          order,
          vocabSize,
          words,
          nodeCounts,
          childStarts,
          childSums,
          lineEnds,
          levelStart,
          discount,
          continuations,
          contSum,
          contTypes);
    }
  }

  /**
   * The distinct k-grams a build with no build before expects: a level holds at most a few times
   * the distinct n-grams of the level below it (on java.base 5.7 times the unigrams, then 2.2 and
   * 1.6 times), and at most half the positions. A guess too small only makes the map grow.
   */
  private static int firstGuess(int k, int total, int[] distinct) {
    if (k == 1) {
      return Math.max(16, total / 20);
    }
    double guess = Math.ceil(distinct[k - 1] * (k == 2 ? 8.0 : 2.5));
    return (int) Math.max(16, Math.min(total / 2, guess));
  }

  private static double clamp(double d) {
    return Math.max(0.3, Math.min(0.95, d));
  }

  private static long key(int parent, int w) {
    return (((long) parent << 32) | (w & 0xFFFFFFFFL)) + 1;
  }

  private static int parentOf(long key) {
    return (int) ((key - 1) >>> 32);
  }

  private static int wordOf(long key) {
    return (int) (key - 1);
  }
}

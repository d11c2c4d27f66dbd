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
   * {@code <s>} per document), whether it pruned, the nodes it kept, and per level {@code k} the
   * distinct k-grams it counted (before pruning).
   */
  public record Sizes(long positions, boolean pruned, int nodes, int[] counted) {
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
   * previous trie still serves, so what it holds is the server's peak memory.
   *
   * <p>Besides the documents and the trie it makes, a build holds one int per position (the node
   * ending there, updated level by level in place) and the current level's counts; the documents
   * are read where they are, not copied into one array.
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
    // with no build before: the nodes of java.base are 0.26 of its positions pruned, 0.58 not
    int capacity =
        sized
            ? last.expected(last.nodes(), total)
            : (pruneSingletons ? total / 3 : total / 3 * 2) + 16;
    int[] distinct = new int[order + 1];
    IntList word = new IntList(capacity);
    IntList count = new IntList(capacity);
    IntList childStart = new IntList(capacity);
    IntList childSum = new IntList(capacity);
    IntList cont = new IntList(capacity);
    word.add(-1);
    count.add(0);
    cont.add(0);
    childStart.add(0);
    childSum.add(0);
    int[] levelStart = new int[order + 2];
    double[] discount = new double[order + 1];
    int[] lineEnds = new int[0];
    // at[i]: the retained node of the (k-1)-gram ending at position i (-1: none), then, once level
    // k is built, of the k-gram; position i's parent at level k is at[i - 1] of level k-1
    int[] at = new int[total];
    levelStart[0] = 0;
    int parentLevelStart = 0;
    for (int k = 1; k <= order; k++) {
      LongIntMap counts =
          new LongIntMap(
              sized ? last.expected(last.counted()[k], total) : firstGuess(k, total, distinct));
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
      distinct[k] = counts.size();
      long[] n = new long[3];
      int min = pruneSingletons && k >= 3 ? 2 : 1;
      int[] kept = new int[1];
      counts.forEach(
          (key, c) -> {
            if (c <= 2) {
              n[c]++;
            }
            if (c >= min) {
              kept[0]++;
            }
          });
      discount[k] = n[1] + 2 * n[2] == 0 ? 0.5 : clamp(n[1] / (double) (n[1] + 2 * n[2]));
      long[] sorted = new long[kept[0]];
      kept[0] = 0;
      counts.forEach(
          (key, c) -> {
            if (c >= min) {
              sorted[kept[0]++] = key;
            }
          });
      Arrays.sort(sorted);
      int first = word.size();
      levelStart[k] = first;
      // children ranges of the parent level
      int parentEnd = first;
      int s = 0;
      for (int parentNode = parentLevelStart; parentNode < parentEnd; parentNode++) {
        childStart.set(parentNode, first + s);
        while (s < sorted.length && parentOf(sorted[s]) == parentNode) {
          s++;
        }
      }
      for (s = 0; s < sorted.length; s++) {
        long key = sorted[s];
        int c = counts.get(key, 0);
        int id = first + s;
        word.add(wordOf(key));
        count.add(c);
        childStart.add(0);
        childSum.add(0);
        cont.add(0);
        childSum.increment(parentOf(key), c);
        counts.put(key, -id - 1); // mark retained with its node id
      }
      if (k <= 2) {
        lineEnds = Arrays.copyOf(lineEnds, word.size());
      }
      // from the last position to the first, so that at[i - 1] still holds level k-1 when
      // position i's node at level k is written
      i = total - 1;
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
              if (k <= 2 && TokenCodec.lineEnds(token)) {
                lineEnds[node]++;
              }
            }
          }
          at[i] = node;
        }
      }
      parentLevelStart = first;
    }
    at = null; // not needed below: the node arrays' final copies need the room
    int nodes = word.size();
    levelStart[order + 1] = nodes;
    for (int node = parentLevelStart; node < nodes; node++) {
      childStart.set(node, nodes);
    }
    childStart.add(nodes);
    // the top level's nodes have no children: the arrays of what follows a node stop before it
    // (TrieModel)
    int topLevel = levelStart[order];
    int[] contSum = new int[topLevel];
    int[] contTypes = new int[topLevel];
    for (int node = 0; node < topLevel; node++) {
      for (int c = childStart.get(node); c < childStart.get(node + 1); c++) {
        contSum[node] += cont.get(c);
        if (cont.get(c) > 0) {
          contTypes[node]++;
        }
      }
    }
    // each list's exact copy is made once the one before is dropped (one spare copy at a time)
    int[] words = word.toArray();
    word = null;
    int[] nodeCounts = count.toArray();
    count = null;
    int[] childStarts = childStart.toArray(topLevel + 1);
    childStart = null;
    int[] childSums = childSum.toArray(topLevel);
    childSum = null;
    int[] continuations = cont.toArray(topLevel);
    TrieModel trie =
        new TrieModel(
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
    return new Built(trie, new Sizes(total, pruneSingletons, nodes, distinct));
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

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
   * Builds from encoded documents (see {@link TokenCodec}); each document starts with {@code <s>}.
   */
  public TrieModel build(List<int[]> documents, int vocabSize) {
    int total = 0;
    for (int[] d : documents) {
      total += d.length + 1;
    }
    int[] flat = new int[total];
    int p = 0;
    for (int[] d : documents) {
      flat[p++] = Vocabulary.BOS;
      System.arraycopy(d, 0, flat, p, d.length);
      p += d.length;
    }
    IntList word = new IntList(total / 2 + 16);
    IntList count = new IntList(total / 2 + 16);
    IntList childStart = new IntList(total / 2 + 16);
    IntList childSum = new IntList(total / 2 + 16);
    word.add(-1);
    count.add(0);
    IntList cont = new IntList(total / 2 + 16);
    cont.add(0);
    childStart.add(0);
    childSum.add(0);
    int[] levelStart = new int[order + 2];
    double[] discount = new double[order + 1];
    int[] lineEnds = new int[0];
    int[] prevAt = new int[total];
    int[] curAt = new int[total];
    levelStart[0] = 0;
    int parentLevelStart = 0;
    for (int k = 1; k <= order; k++) {
      LongIntMap counts = new LongIntMap(Math.max(16, total / (k == 1 ? 20 : 2)));
      for (int i = 0; i < total; i++) {
        int parent;
        if (k == 1) {
          parent = NgramCounts.ROOT;
        } else {
          parent = i == 0 ? -1 : prevAt[i - 1];
        }
        int w = TokenCodec.word(flat[i]);
        if (parent < 0 || (k > 1 && w == Vocabulary.BOS)) {
          continue;
        }
        if (counts.add(key(parent, w), 1) == 1 && k > 1 && prevAt[i] >= 0) {
          // first time this k-gram is seen: its suffix (the (k-1)-gram ending here) gains one
          // distinct left context (Kneser-Ney continuation count)
          cont.increment(prevAt[i], 1);
        }
      }
      long[] n = new long[3];
      int min = pruneSingletons && k >= 3 ? 2 : 1;
      long[] kept = new long[counts.size()];
      int[] keptCount = new int[1];
      counts.forEach(
          (key, c) -> {
            if (c <= 2) {
              n[c]++;
            }
            if (c >= min) {
              kept[keptCount[0]++] = key;
            }
          });
      discount[k] = n[1] + 2 * n[2] == 0 ? 0.5 : clamp(n[1] / (double) (n[1] + 2 * n[2]));
      long[] sorted = Arrays.copyOf(kept, keptCount[0]);
      Arrays.sort(sorted);
      int first = word.size();
      levelStart[k] = first;
      // children ranges of the parent level
      int parentEnd = first;
      int j = 0;
      for (int parentNode = parentLevelStart; parentNode < parentEnd; parentNode++) {
        childStart.set(parentNode, first + j);
        while (j < sorted.length && parentOf(sorted[j]) == parentNode) {
          j++;
        }
      }
      for (int s = 0; s < sorted.length; s++) {
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
      for (int i = 0; i < total; i++) {
        int parent = k == 1 ? NgramCounts.ROOT : (i == 0 ? -1 : prevAt[i - 1]);
        int w = TokenCodec.word(flat[i]);
        curAt[i] = -1;
        if (parent < 0 || (k > 1 && w == Vocabulary.BOS)) {
          continue;
        }
        int v = counts.get(key(parent, w), 0);
        if (v < 0) {
          int id = -v - 1;
          curAt[i] = id;
          if (k <= 2 && TokenCodec.lineEnds(flat[i])) {
            lineEnds[id]++;
          }
        }
      }
      int[] tmp = prevAt;
      prevAt = curAt;
      curAt = tmp;
      parentLevelStart = first;
    }
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
    return new TrieModel(
        order,
        vocabSize,
        word.toArray(),
        count.toArray(),
        childStart.toArray(topLevel + 1),
        childSum.toArray(topLevel),
        lineEnds,
        levelStart,
        discount,
        cont.toArray(topLevel),
        contSum,
        contTypes);
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

package dev.codeloop.model.embedded.lm;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which learned documents use each word (an inverted index of the workspace's names), for the
 * completion menu: the documents most like the text around the cursor (the names they share with
 * it, rare names weighing more) are its <em>neighbours</em>, and a word that the neighbours use is
 * likely in the cursor's file too, even where that file has not used it yet. The n-gram caches know
 * a word once the file or its directory used it; this finds {@code recv} in a file that so far only
 * opened a {@code socket}, because the files that open sockets receive from them.
 *
 * <p>Immutable once built; built with the static model from the same documents.
 */
public final class WordFiles {
  /** Knows no document. */
  public static final WordFiles EMPTY =
      new WordFiles(new int[] {0}, new int[0], new int[0], Map.of());

  /** At most this many neighbours are kept. */
  static final int NEIGHBOURS = 8;

  /** A name in more than this share of the documents says nothing about which are alike. */
  static final double COMMON = 0.2;

  private final int[] offsets; // word id -> its documents: postings[offsets[id]..offsets[id+1])
  private final int[] postings; // document indices, ascending per word
  private final int[] sizes; // document index -> how many distinct names it uses
  private final Map<String, Integer> indexOf; // document key -> its index

  private WordFiles(int[] offsets, int[] postings, int[] sizes, Map<String, Integer> indexOf) {
    this.offsets = offsets;
    this.postings = postings;
    this.sizes = sizes;
    this.indexOf = indexOf;
  }

  /**
   * Indexes the names (identifiers that are not {@code language}'s keywords) of {@code documents}
   * (encoded tokens, {@link TokenCodec}), each known by its key ({@code keys}, in the same order:
   * {@link #neighbours} leaves out the cursor's own document by it).
   */
  public static WordFiles learn(
      Language language, Vocabulary vocabulary, List<String> keys, List<int[]> documents) {
    if (keys.size() != documents.size()) {
      throw new IllegalArgumentException(keys.size() + " keys for " + documents.size());
    }
    int words = vocabulary.size();
    byte[] name = new byte[words]; // 0 unknown, 1 a name, 2 not a name
    int[] last = new int[words];
    Arrays.fill(last, -1);
    int[] df = new int[words];
    int[] sizes = new int[documents.size()];
    for (int d = 0; d < documents.size(); d++) {
      for (int t : documents.get(d)) {
        int id = TokenCodec.word(t);
        if (id >= words || last[id] == d) {
          continue;
        }
        if (name[id] == 0) {
          String w = vocabulary.word(id);
          name[id] = (byte) (Token.isWord(w) && !language.isKeyword(w) ? 1 : 2);
        }
        if (name[id] == 1) {
          last[id] = d;
          df[id]++;
          sizes[d]++;
        }
      }
    }
    int[] offsets = new int[words + 1];
    for (int id = 0; id < words; id++) {
      offsets[id + 1] = offsets[id] + df[id];
    }
    int[] postings = new int[offsets[words]];
    int[] at = Arrays.copyOf(offsets, words);
    Arrays.fill(last, -1);
    for (int d = 0; d < documents.size(); d++) {
      for (int t : documents.get(d)) {
        int id = TokenCodec.word(t);
        if (id < words && name[id] == 1 && last[id] != d) {
          last[id] = d;
          postings[at[id]++] = d;
        }
      }
    }
    Map<String, Integer> indexOf = new HashMap<>(keys.size() * 2);
    for (int d = 0; d < keys.size(); d++) {
      indexOf.put(keys.get(d), d);
    }
    return new WordFiles(offsets, postings, sizes, indexOf);
  }

  /** How many documents were indexed. */
  public int documents() {
    return sizes.length;
  }

  /** How many documents use {@code id}. */
  public int frequency(int id) {
    return id >= 0 && id + 1 < offsets.length ? offsets[id + 1] - offsets[id] : 0;
  }

  /** The bytes this index holds. */
  public long retainedBytes() {
    return 4L * (offsets.length + postings.length + sizes.length) + 64L * indexOf.size() + 64;
  }

  /**
   * The documents most like a text that uses the names {@code ids} (word ids; repeats and ids of no
   * indexed name are ignored): each document scores the sum over the names it shares of {@code
   * log(documents / frequency)}, divided by the square root of how many names it uses; names in
   * more than {@link #COMMON} of the documents, or in one, do not count.
   *
   * @param self the key of the cursor's own document (its saved version is not its neighbour), or
   *     null
   */
  public Neighbours neighbours(int[] ids, String self) {
    int own = self == null ? -1 : indexOf.getOrDefault(self, -1);
    int n = sizes.length;
    if (n < 2 || ids.length == 0) {
      return Neighbours.NONE;
    }
    int[] sorted = ids.clone();
    Arrays.sort(sorted);
    float[] score = new float[n];
    int[] touched = new int[Math.min(n, 1024)];
    int touchedCount = 0;
    int maxFrequency = Math.max(2, (int) (COMMON * n));
    for (int i = 0; i < sorted.length; i++) {
      int id = sorted[i];
      if (i > 0 && sorted[i - 1] == id) {
        continue;
      }
      int f = frequency(id);
      if (f < 2 || f > maxFrequency) {
        continue;
      }
      float idf = (float) Math.log((double) n / f);
      for (int p = offsets[id]; p < offsets[id + 1]; p++) {
        int d = postings[p];
        if (d == own) {
          continue;
        }
        if (score[d] == 0) {
          if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, Math.min(n, touched.length * 2));
          }
          touched[touchedCount++] = d;
        }
        score[d] += idf;
      }
    }
    if (touchedCount == 0) {
      return Neighbours.NONE;
    }
    int k = Math.min(NEIGHBOURS, touchedCount);
    int[] best = new int[k];
    double[] bestScore = new double[k];
    int kept = 0;
    for (int i = 0; i < touchedCount; i++) {
      int d = touched[i];
      double s = score[d] / Math.sqrt(Math.max(1, sizes[d]));
      if (kept < k) {
        int j = kept++;
        while (j > 0 && bestScore[j - 1] < s) {
          best[j] = best[j - 1];
          bestScore[j] = bestScore[j - 1];
          j--;
        }
        best[j] = d;
        bestScore[j] = s;
      } else if (s > bestScore[k - 1]) {
        int j = k - 1;
        while (j > 0 && bestScore[j - 1] < s) {
          best[j] = best[j - 1];
          bestScore[j] = bestScore[j - 1];
          j--;
        }
        best[j] = d;
        bestScore[j] = s;
      }
    }
    double total = 0;
    for (double s : bestScore) {
      total += s;
    }
    return new Neighbours(this, best, bestScore, total);
  }

  /** Whether document {@code d} uses word {@code id}. */
  boolean uses(int id, int d) {
    if (id < 0 || id + 1 >= offsets.length) {
      return false;
    }
    return Arrays.binarySearch(postings, offsets[id], offsets[id + 1], d) >= 0;
  }

  /**
   * The documents most like the cursor's text ({@link #neighbours}), best first, with their scores.
   */
  public static final class Neighbours {
    /** No neighbours: every share is 0. */
    public static final Neighbours NONE =
        new Neighbours(WordFiles.EMPTY, new int[0], new double[0], 0);

    private final WordFiles index;
    private final int[] documents;
    private final double[] scores;
    private final double total;

    Neighbours(WordFiles index, int[] documents, double[] scores, double total) {
      this.index = index;
      this.documents = documents;
      this.scores = scores;
      this.total = total;
    }

    /** The share of the neighbours' scores that belongs to neighbours using word {@code id}. */
    public double share(int id) {
      if (total <= 0) {
        return 0;
      }
      double s = 0;
      for (int i = 0; i < documents.length; i++) {
        if (index.uses(id, documents[i])) {
          s += scores[i];
        }
      }
      return s / total;
    }

    /** How many neighbours there are. */
    public int size() {
      return documents.length;
    }
  }
}

package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.WordReranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic candidate lists for the re-ranker trainers' tests. */
final class SyntheticLists {
  private static final int LOG_P = WordReranker.FEATURES.indexOf("logP");
  private static final int KEYWORD = WordReranker.FEATURES.indexOf("keyword");
  private static final int HUMPS = WordReranker.FEATURES.indexOf("humps");

  private SyntheticLists() {}

  /**
   * Lists of {@code size} (one typed) where the right word has exactly one of two flags (keyword,
   * humps) and the others have both or neither, and the model's probability is noise: no linear
   * score ranks the right word first in every list.
   */
  static List<RerankerTraining.Position> exclusiveOr(int lists, int size, long seed) {
    Random random = new Random(seed);
    List<RerankerTraining.Position> out = new ArrayList<>();
    for (int n = 0; n < lists; n++) {
      double[][] x = new double[size][];
      int right = random.nextInt(size);
      boolean keyword = random.nextBoolean();
      int other = 0;
      for (int i = 0; i < size; i++) {
        x[i] = new double[WordReranker.SIZE];
        x[i][LOG_P] = random.nextGaussian();
        if (i == right) {
          x[i][keyword ? KEYWORD : HUMPS] = 1;
        } else {
          boolean both = other++ % 2 == 0;
          x[i][KEYWORD] = both ? 1 : 0;
          x[i][HUMPS] = both ? 1 : 0;
        }
      }
      out.add(new RerankerTraining.Position(n, 1, right, x));
    }
    return out;
  }

  /** The share of {@code lists} whose right word {@code part} ranks first (ties to the earlier). */
  static double top1(WordReranker.Part part, List<RerankerTraining.Position> lists) {
    int hits = 0;
    for (RerankerTraining.Position p : lists) {
      hits += RerankerTraining.first(p, part) ? 1 : 0;
    }
    return hits / (double) lists.size();
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/** Next-token candidates sorted by probability, best first. */
public record Candidates(int[] ids, double[] probs) {

  static Candidates top(int[] ids, double[] probs, int limit) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
    int n = Math.min(limit, ids.length);
    int[] outIds = new int[n];
    double[] outProbs = new double[n];
    for (int i = 0; i < n; i++) {
      outIds[i] = ids[order[i]];
      outProbs[i] = probs[order[i]];
    }
    return new Candidates(outIds, outProbs);
  }

  public int size() {
    return ids.length;
  }

  /** Zero-based rank of {@code id}, or -1. */
  public int rankOf(int id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
}

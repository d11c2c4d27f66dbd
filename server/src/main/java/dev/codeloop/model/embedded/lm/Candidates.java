package dev.codeloop.model.embedded.lm;

/** Next-token candidates sorted by probability, best first. */
public record Candidates(int[] ids, double[] probs) {

  static Candidates top(int[] ids, double[] probs, int limit) {
    int[] order = ScoreOrder.descending(probs);
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

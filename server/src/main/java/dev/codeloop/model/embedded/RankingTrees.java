package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lm.ScoreOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Gradient-boosted regression trees that correct the menu re-ranker's scores of a list's best
 * candidates: each of the {@link #top} best by the re-ranker's score (linear and hidden layer) gets
 * the sum of the trees' leaves added to it. A tree reads the candidate's features ({@link
 * WordReranker#FEATURES}) and three more of the list: the re-ranker's score ({@link #SCORE}), the
 * candidate's rank by it, 0 first ({@link #RANK}), and its score minus the best one's ({@link
 * #MARGIN}). Trained by {@code TreeTraining} (the softmax loss of the list, Newton leaves).
 * Immutable.
 *
 * <p>The trees are stored flat: node {@code n} tests {@code value(feature[n]) <= threshold[n]} and
 * goes to {@code left[n]}, else {@code right[n]}; a leaf has {@code feature[n] == -1} and its value
 * in {@code threshold[n]}. Tree {@code t} starts at node {@code roots[t]}.
 */
public final class RankingTrees {
  /** The tree feature holding the re-ranker's score. */
  public static final int SCORE = WordReranker.SIZE;

  /** The tree feature holding the candidate's rank by that score (0 for the best). */
  public static final int RANK = SCORE + 1;

  /** The tree feature holding the score minus the list's best score (0 or less). */
  public static final int MARGIN = SCORE + 2;

  /** How many features a tree may read. */
  public static final int FEATURES = SCORE + 3;

  /** No trees: the scores are left as they are. */
  public static final RankingTrees NONE =
      new RankingTrees(0, new int[0], new int[0], new double[0], new int[0], new int[0]);

  private final int top;
  private final int[] roots;
  private final int[] feature;
  private final double[] threshold;
  private final int[] left;
  private final int[] right;

  /**
   * @param top how many of a list's best candidates the trees correct
   * @param roots the first node of each tree
   * @throws IllegalArgumentException when the arrays disagree in length, a node points outside them
   *     or a tree reads a feature that does not exist
   */
  public RankingTrees(
      int top, int[] roots, int[] feature, double[] threshold, int[] left, int[] right) {
    int n = feature.length;
    if (threshold.length != n || left.length != n || right.length != n) {
      throw new IllegalArgumentException("trees: node arrays of different lengths");
    }
    if (top < 0 || (roots.length > 0 && top == 0)) {
      throw new IllegalArgumentException("trees: top " + top);
    }
    for (int r : roots) {
      if (r < 0 || r >= n) {
        throw new IllegalArgumentException("trees: root " + r + " outside the nodes");
      }
    }
    for (int i = 0; i < n; i++) {
      if (feature[i] < -1 || feature[i] >= FEATURES) {
        throw new IllegalArgumentException("trees: node " + i + " reads feature " + feature[i]);
      }
      // children come after their parent, so every walk ends
      if (feature[i] >= 0 && (left[i] <= i || left[i] >= n || right[i] <= i || right[i] >= n)) {
        throw new IllegalArgumentException("trees: node " + i + " has children outside the nodes");
      }
    }
    this.top = top;
    this.roots = roots.clone();
    this.feature = feature.clone();
    this.threshold = threshold.clone();
    this.left = left.clone();
    this.right = right.clone();
  }

  /** How many of a list's best candidates the trees correct (0 when there are none). */
  public int top() {
    return top;
  }

  /** The number of trees. */
  public int size() {
    return roots.length;
  }

  /**
   * Adds the trees' correction to the scores of the {@link #top} best of {@code scores} (ties to
   * the earlier candidate); the others are left as they are.
   *
   * @param features each candidate's features ({@link WordReranker#FEATURES})
   * @param scores the re-ranker's scores, changed in place
   */
  public void correct(List<double[]> features, double[] scores) {
    if (roots.length == 0) {
      return;
    }
    // every correction computed on the scores as they came, then added
    double[] added = new double[scores.length];
    forEachCorrected(
        scores, top, (i, rank, margin) -> added[i] = sum(features.get(i), scores[i], rank, margin));
    for (int i = 0; i < scores.length; i++) {
      if (added[i] != 0) {
        scores[i] += added[i];
      }
    }
  }

  /** A candidate the trees correct. */
  @FunctionalInterface
  public interface Corrected {
    /**
     * @param candidate its index in the list
     * @param rank how many candidates score strictly more (equal scores share a rank, so candidates
     *     that tie stay tied)
     * @param margin its score minus the best one's (0 or less)
     */
    void accept(int candidate, int rank, double margin);
  }

  /**
   * Visits the best {@code top} of {@code scores}, best first (ties to the earlier candidate), with
   * what a tree reads of the list: what the server corrects and what the training fits on.
   */
  public static void forEachCorrected(double[] scores, int top, Corrected visit) {
    if (scores.length == 0) {
      return;
    }
    int[] order = ScoreOrder.descending(scores);
    int n = Math.min(top, order.length);
    double best = scores[order[0]];
    int rank = 0;
    for (int r = 0; r < n; r++) {
      int i = order[r];
      if (r > 0 && scores[i] != scores[order[r - 1]]) {
        rank = r;
      }
      visit.accept(i, rank, scores[i] - best);
    }
  }

  /** The trees' sum for one candidate: its features, score, rank and margin. */
  double sum(double[] x, double score, int rank, double margin) {
    double s = 0;
    for (int root : roots) {
      int node = root;
      while (feature[node] >= 0) {
        int f = feature[node];
        double v = f < SCORE ? x[f] : f == SCORE ? score : f == RANK ? rank : margin;
        node = v <= threshold[node] ? left[node] : right[node];
      }
      s += threshold[node];
    }
    return s;
  }

  int[] roots() {
    return roots.clone();
  }

  int[] feature() {
    return feature.clone();
  }

  double[] threshold() {
    return threshold.clone();
  }

  int[] left() {
    return left.clone();
  }

  int[] right() {
    return right.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RankingTrees t
        && top == t.top
        && Arrays.equals(roots, t.roots)
        && Arrays.equals(feature, t.feature)
        && Arrays.equals(threshold, t.threshold)
        && Arrays.equals(left, t.left)
        && Arrays.equals(right, t.right);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(threshold) * 31 + top;
  }

  @Override
  public String toString() {
    return "RankingTrees(" + roots.length + " trees over the best " + top + ")";
  }
}

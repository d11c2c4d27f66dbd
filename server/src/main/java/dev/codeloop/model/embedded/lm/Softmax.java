package dev.codeloop.model.embedded.lm;

/**
 * The softmax both re-rankers score and train with ({@code WordReranker}, {@link
 * NextTokenReranker}).
 */
public final class Softmax {
  private Softmax() {}

  /** Softmax of {@code scores}: probabilities over the list, summing to 1. */
  public static double[] of(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double[] p = new double[scores.length];
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      p[i] = Math.exp(scores[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

/**
 * The damped Newton step both softmax re-rankers' trainers take ({@code WordReranker.train} and
 * {@link NextTokenReranker#train}): the summed gradient and Hessian made means with an L2 penalty,
 * solved for a step, and the step halved (at most 20 times) until the loss drops.
 *
 * @param weights the weights after the step (the old ones when no step reduced the loss)
 * @param loss their loss
 * @param improved whether the loss dropped by more than {@code 1e-7}: training stops when not
 */
public record NewtonStep(double[] weights, double loss, boolean improved) {

  /**
   * Takes one step from {@code w} (whose loss is {@code current}).
   *
   * @param grad the gradient summed over {@code n} examples; made the mean plus {@code l2·w} in
   *     place
   * @param hess the Hessian's upper triangle summed over {@code n} examples; made the full mean
   *     plus {@code l2·I} in place
   * @param solve solves {@code hess·x = grad}
   * @param loss the loss of a weight vector
   */
  public static NewtonStep take(
      double[] w,
      double current,
      double[] grad,
      double[][] hess,
      double n,
      double l2,
      BiFunction<double[][], double[], double[]> solve,
      ToDoubleFunction<double[]> loss) {
    int d = w.length;
    for (int a = 0; a < d; a++) {
      grad[a] = grad[a] / n + l2 * w[a];
      for (int b = a; b < d; b++) {
        hess[a][b] = hess[a][b] / n + (a == b ? l2 : 0);
        hess[b][a] = hess[a][b];
      }
    }
    double[] step = solve.apply(hess, grad);
    double t = 1;
    for (int tries = 0; tries < 20; tries++) {
      double[] next = w.clone();
      for (int a = 0; a < d; a++) {
        next[a] -= t * step[a];
      }
      double l = loss.applyAsDouble(next);
      if (l < current) {
        return new NewtonStep(next, l, current - l > 1e-7);
      }
      t /= 2;
    }
    return new NewtonStep(w, current, false);
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.function.IntBinaryOperator;

/**
 * The order of a list by a score, best first, as positions into the list: what the next-token
 * candidates, both re-rankers and the menu sort by. A merge sort of primitive positions (runs of 16
 * by insertion, then merged), so that sorting the thousand candidates of a request allocates two
 * {@code int[]} and no box per element. Stable: equal scores keep their order unless {@code ties}
 * says otherwise.
 */
public final class ScoreOrder {
  private static final int RUN = 16;

  private ScoreOrder() {}

  /** Positions of {@code scores} from the highest score to the lowest ({@link Double#compare}). */
  public static int[] descending(double[] scores) {
    return descending(scores, null);
  }

  /**
   * Positions of {@code scores} from the highest score to the lowest; equal scores in the order of
   * {@code ties} (a comparator of two positions, negative when the first goes first), then of their
   * positions. {@code ties} may be null.
   */
  public static int[] descending(double[] scores, IntBinaryOperator ties) {
    int n = scores.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int lo = 0; lo < n; lo += RUN) {
      int hi = Math.min(lo + RUN, n);
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && compare(scores, ties, a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
    }
    if (n <= RUN) {
      return a;
    }
    int[] b = new int[n];
    for (int width = RUN; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = compare(scores, ties, a[j], a[i]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  private static int compare(double[] scores, IntBinaryOperator ties, int x, int y) {
    int c = Double.compare(scores[y], scores[x]);
    if (c != 0) {
      return c;
    }
    if (ties != null) {
      c = ties.applyAsInt(x, y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x, y);
  }
}

package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

class ScoreOrderTest {
  /** What {@link ScoreOrder} replaces: a stable sort of boxed positions. */
  private static int[] boxed(double[] s, IntBinaryOperator ties) {
    Integer[] order = new Integer[s.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Integer> byScore = (a, b) -> Double.compare(s[b], s[a]);
    Arrays.sort(order, ties == null ? byScore : byScore.thenComparing(ties::applyAsInt));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void ordersAsAStableSortOfBoxedPositionsDoes() {
    // given: lists of every size up to 300 and a long one, with many equal scores, -0.0, 0.0,
    // infinities and NaN
    Random random = new Random(3);
    double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int n = 0; n <= 301; n = n < 40 ? n + 1 : n + 29) {
      int size = n == 301 ? 5_000 : n;
      double[] s = new double[size];
      int[] tie = new int[size];
      for (int i = 0; i < size; i++) {
        int r = random.nextInt(10);
        s[i] =
            r == 0
                ? specials[random.nextInt(specials.length)]
                : r < 5 ? random.nextInt(4) : random.nextGaussian();
        tie[i] = random.nextInt(3);
      }
      IntBinaryOperator ties = (a, b) -> Integer.compare(tie[b], tie[a]);
      // when / then
      assertThat(ScoreOrder.descending(s)).as("size %d", size).containsExactly(boxed(s, null));
      assertThat(ScoreOrder.descending(s, ties))
          .as("size %d with ties", size)
          .containsExactly(boxed(s, ties));
    }
  }

  @Test
  void putsTheHighestScoreFirst() {
    assertThat(ScoreOrder.descending(new double[] {0.5, 2, -1, 2})).containsExactly(1, 3, 0, 2);
  }
}

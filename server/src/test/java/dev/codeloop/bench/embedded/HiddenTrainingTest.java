package dev.codeloop.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.embedded.WordReranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HiddenTrainingTest {
  private static final int LOG_P = WordReranker.FEATURES.indexOf("logP");
  private static final int KEYWORD = WordReranker.FEATURES.indexOf("keyword");
  private static final int HUMPS = WordReranker.FEATURES.indexOf("humps");

  /**
   * Lists where the right word has exactly one of two flags (keyword, humps) and the others have
   * both or neither: no linear score ranks it first in every list, a hidden layer does.
   */
  private static List<RerankerTraining.Position> exclusiveOr(int lists, long seed) {
    Random random = new Random(seed);
    List<RerankerTraining.Position> out = new ArrayList<>();
    for (int n = 0; n < lists; n++) {
      double[][] x = new double[5][];
      int right = random.nextInt(5);
      boolean keyword = random.nextBoolean();
      int other = 0;
      for (int i = 0; i < 5; i++) {
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

  private static double top1(WordReranker.Part part, List<RerankerTraining.Position> lists) {
    int hits = 0;
    for (RerankerTraining.Position p : lists) {
      double[] s = part.scores(p.rows());
      int best = 0;
      for (int i = 1; i < s.length; i++) {
        if (s[i] > s[best]) {
          best = i;
        }
      }
      hits += best == p.right() ? 1 : 0;
    }
    return hits / (double) lists.size();
  }

  @Test
  void should_learn_an_interaction_of_features_that_no_linear_score_can_rank() {
    List<RerankerTraining.Position> train = exclusiveOr(400, 1);
    List<RerankerTraining.Position> test = exclusiveOr(200, 2);
    WordReranker.Part linear = RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 0);
    WordReranker.Part hidden =
        RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 4, 200);
    assertThat(linear.hidden().units()).isZero();
    assertThat(hidden.hidden().units()).isEqualTo(4);
    assertThat(hidden.weights()).isEqualTo(linear.weights()); // the layer is fitted on top
    assertThat(top1(linear, test)).isLessThan(0.7);
    assertThat(top1(hidden, test)).isGreaterThan(0.95);
  }

  @Test
  void should_average_layers_of_different_seeds_into_one_layer_scoring_their_mean() {
    List<RerankerTraining.Position> train = exclusiveOr(200, 3);
    double[] w = new double[WordReranker.SIZE];
    WordReranker.Hidden a = HiddenTraining.train(train, w, 4, 20, 0.01, 1);
    WordReranker.Hidden b = HiddenTraining.train(train, w, 4, 20, 0.01, 2);
    WordReranker.Hidden again = HiddenTraining.train(train, w, 4, 20, 0.01, 1);

    WordReranker.Hidden both = HiddenTraining.average(List.of(a, b));

    assertThat(again.in()).isEqualTo(a.in()); // a seed draws the same layer
    assertThat(b.in()).isNotEqualTo(a.in());
    assertThat(both.units()).isEqualTo(8);
    Random random = new Random(4);
    for (int k = 0; k < 50; k++) {
      double[] x = new double[WordReranker.SIZE];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextGaussian();
      }
      assertThat(both.score(x)).isCloseTo((a.score(x) + b.score(x)) / 2, within(1e-9));
    }
  }
}

package dev.codeloop.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.embedded.WordReranker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HiddenTrainingTest {
  @Test
  void should_learn_an_interaction_of_features_that_no_linear_score_can_rank() {
    List<RerankerTraining.Position> train = SyntheticLists.exclusiveOr(400, 5, 1);
    List<RerankerTraining.Position> test = SyntheticLists.exclusiveOr(200, 5, 2);
    WordReranker.Part linear = RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 0);
    WordReranker.Part hidden =
        RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 4, 200);
    assertThat(linear.hidden().units()).isZero();
    assertThat(hidden.hidden().units()).isEqualTo(4);
    assertThat(hidden.weights()).isEqualTo(linear.weights()); // the layer is fitted on top
    assertThat(SyntheticLists.top1(linear, test)).isLessThan(0.7);
    assertThat(SyntheticLists.top1(hidden, test)).isGreaterThan(0.95);
  }

  @Test
  void should_average_layers_of_different_seeds_into_one_layer_scoring_their_mean() {
    List<RerankerTraining.Position> train = SyntheticLists.exclusiveOr(200, 5, 3);
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

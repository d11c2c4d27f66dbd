package dev.codeloop.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.embedded.WordReranker;
import java.util.List;
import org.junit.jupiter.api.Test;

class RerankerTrainingTest {
  @Test
  void should_give_the_two_sided_sign_test_of_a_paired_split() {
    assertThat(RerankerTraining.signTest(0, 0)).isEqualTo(1.0);
    assertThat(RerankerTraining.signTest(5, 5)).isEqualTo(1.0, within(1e-12));
    assertThat(RerankerTraining.signTest(10, 0)).isCloseTo(2.0 / 1024, within(1e-12));
    assertThat(RerankerTraining.signTest(0, 10)).isCloseTo(2.0 / 1024, within(1e-12));
    // 60 against 40 of 100: P(X <= 40) = 0.0284 for a fair coin, twice that
    assertThat(RerankerTraining.signTest(60, 40)).isCloseTo(0.0569, within(1e-3));
  }

  @Test
  void should_zero_the_compared_features_in_copies_and_count_first_places_as_the_report_does() {
    int logP = WordReranker.FEATURES.indexOf("logP");
    int keyword = WordReranker.FEATURES.indexOf("keyword");
    double[][] x = new double[2][WordReranker.SIZE];
    x[0][logP] = 1;
    x[1][keyword] = 1;
    RerankerTraining.Position p = new RerankerTraining.Position(0, 1, 1, x);
    double[] w = new double[WordReranker.SIZE];
    w[logP] = 1;
    w[keyword] = 2;
    WordReranker.Part part = new WordReranker.Part(w, WordReranker.Calibration.NEVER);

    List<RerankerTraining.Position> zeroed = RerankerTraining.zeroed(List.of(p), List.of(keyword));

    assertThat(RerankerTraining.first(p, part)).isTrue(); // 2 > 1
    assertThat(RerankerTraining.first(zeroed.get(0), part)).isFalse(); // 0 < 1
    assertThat(x[1][keyword]).isEqualTo(1); // the original is untouched
    // a tie goes to the earlier candidate
    w[keyword] = 1;
    assertThat(RerankerTraining.first(p, new WordReranker.Part(w, WordReranker.Calibration.NEVER)))
        .isFalse();
  }

  @Test
  void should_read_each_compared_group_of_features_on_its_own() {
    int logP = WordReranker.FEATURES.indexOf("logP");
    int keyword = WordReranker.FEATURES.indexOf("keyword");
    int humps = WordReranker.FEATURES.indexOf("humps");

    assertThat(RerankerTraining.compareGroups("")).isEmpty();
    assertThat(RerankerTraining.compareGroups("logP, keyword"))
        .containsExactly(List.of(logP, keyword));
    assertThat(RerankerTraining.compareGroups("logP,keyword;humps;"))
        .containsExactly(List.of(logP, keyword), List.of(humps));
    assertThatThrownBy(() -> RerankerTraining.compareGroups("logP;nonsense"))
        .hasMessageContaining("no feature nonsense");
    assertThat(RerankerTraining.features("keyword,logP", "-Ddrop")).containsExactly(keyword, logP);
    assertThatThrownBy(() -> RerankerTraining.features("logp", "-Ddrop"))
        .hasMessageContaining("no feature logp (-Ddrop)");
  }

  @Test
  void should_report_figures_only_for_the_typed_counts_that_have_lists() {
    assertThat(RerankerTraining.byTyped(new int[] {0, 2, 1}, k -> "top-1 " + k))
        .isEqualTo(" | 1 typed: top-1 1 | 2 typed: top-1 2");
    assertThat(RerankerTraining.byTyped(new int[] {0, 0, 0}, k -> "x")).isEmpty();
  }

  @Test
  void should_count_the_candidates_ranked_above_the_right_one() {
    int logP = WordReranker.FEATURES.indexOf("logP");
    double[][] x = new double[4][WordReranker.SIZE];
    x[0][logP] = 3;
    x[1][logP] = 1;
    x[2][logP] = 2; // the right one
    x[3][logP] = 2; // equal, but later: below
    double[] w = new double[WordReranker.SIZE];
    w[logP] = 1;
    WordReranker.Part part = new WordReranker.Part(w, WordReranker.Calibration.NEVER);

    assertThat(RerankerTraining.above(new RerankerTraining.Position(0, 1, 2, x), part))
        .isEqualTo(1);
    assertThat(RerankerTraining.above(new RerankerTraining.Position(0, 1, 3, x), part))
        .isEqualTo(2);
    assertThat(RerankerTraining.above(new RerankerTraining.Position(0, 1, 0, x), part)).isZero();
  }
}

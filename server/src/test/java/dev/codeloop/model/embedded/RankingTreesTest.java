package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeloop.model.embedded.WordReranker.Calibration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTreesTest {
  private static final int KEYWORD = WordReranker.FEATURES.indexOf("keyword");

  private static double[] keyword(double value) {
    double[] x = new double[WordReranker.SIZE];
    x[KEYWORD] = value;
    return x;
  }

  /** One tree: a keyword gets +{@code bonus}; another: the first by score −{@code penalty}. */
  private static RankingTrees keywordUpFirstDown(int top, double bonus, double penalty) {
    return new RankingTrees(
        top,
        new int[] {0, 3},
        new int[] {KEYWORD, -1, -1, RankingTrees.RANK, -1, -1},
        new double[] {0.5, 0, bonus, 0.5, -penalty, 0},
        new int[] {1, 0, 0, 4, 0, 0},
        new int[] {2, 0, 0, 5, 0, 0});
  }

  @Test
  void should_add_the_trees_leaves_to_the_best_candidates_only() {
    RankingTrees trees = keywordUpFirstDown(2, 10, 1);
    List<double[]> features = List.of(keyword(0), keyword(1), keyword(1), keyword(0));
    double[] scores = {3, 2, 1, 0};

    trees.correct(features, scores);

    // the best two by score are corrected: candidate 0 is first (−1), candidate 1 a keyword (+10);
    // candidate 2 is a keyword too but third: left as it was
    assertThat(scores).containsExactly(2, 12, 1, 0);
  }

  @Test
  void should_read_the_lists_score_rank_and_margin() {
    // a stump on the margin: within 0.5 of the best score +5, else nothing
    RankingTrees margin =
        new RankingTrees(
            10,
            new int[] {0},
            new int[] {RankingTrees.MARGIN, -1, -1},
            new double[] {-0.5, 0, 5},
            new int[] {1, 0, 0},
            new int[] {2, 0, 0});
    double[] scores = {1.0, 4.0, 3.8, 2.0};
    margin.correct(List.of(keyword(0), keyword(0), keyword(0), keyword(0)), scores);
    assertThat(scores).containsExactly(1.0, 9.0, 8.8, 2.0);

    RankingTrees score =
        new RankingTrees(
            10,
            new int[] {0},
            new int[] {RankingTrees.SCORE, -1, -1},
            new double[] {2.5, -1, 1},
            new int[] {1, 0, 0},
            new int[] {2, 0, 0});
    double[] s = {1.0, 4.0, 3.0};
    score.correct(List.of(keyword(0), keyword(0), keyword(0)), s);
    assertThat(s).containsExactly(0.0, 5.0, 4.0);
  }

  @Test
  void should_keep_candidates_that_tie_tied() {
    // the first by rank gets −1: three candidates tied first all get it, the fourth does not
    RankingTrees trees = keywordUpFirstDown(10, 10, 1);
    double[] scores = {2, 2, 2, 1};
    trees.correct(List.of(keyword(0), keyword(0), keyword(0), keyword(0)), scores);
    assertThat(scores).containsExactly(1, 1, 1, 1);
  }

  @Test
  void should_leave_scores_alone_without_trees() {
    double[] scores = {1, 2};
    RankingTrees.NONE.correct(List.of(keyword(0), keyword(1)), scores);
    assertThat(scores).containsExactly(1, 2);
    assertThat(RankingTrees.NONE.size()).isZero();
  }

  @Test
  void should_refuse_trees_that_read_nothing_or_never_end() {
    assertThatThrownBy(
            () ->
                new RankingTrees(
                    5,
                    new int[] {0},
                    new int[] {RankingTrees.FEATURES, -1, -1},
                    new double[3],
                    new int[] {1, 0, 0},
                    new int[] {2, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads feature");
    // a child before its parent could loop
    assertThatThrownBy(
            () ->
                new RankingTrees(
                    5,
                    new int[] {1},
                    new int[] {-1, 0},
                    new double[2],
                    new int[] {0, 0},
                    new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("children outside");
    assertThatThrownBy(
            () ->
                new RankingTrees(
                    5, new int[] {3}, new int[] {-1}, new double[1], new int[1], new int[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root 3");
  }

  @Test
  void should_apply_after_the_hidden_layer_and_read_back_from_the_weights_text() {
    double[] weights = new double[WordReranker.SIZE];
    weights[WordReranker.LOG_P] = 1;
    WordReranker.Part plain = new WordReranker.Part(weights, Calibration.NEVER);
    WordReranker.Part boosted =
        new WordReranker.Part(
            weights, WordReranker.Hidden.NONE, keywordUpFirstDown(3, 10, 1), Calibration.NEVER);
    List<double[]> features = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double[] x = keyword(i == 2 ? 1 : 0);
      x[WordReranker.LOG_P] = -i;
      features.add(x);
    }
    assertThat(plain.scores(features)).containsExactly(0, -1, -2, -3);
    assertThat(boosted.scores(features)).containsExactly(-1, -1, 8, -3);

    WordReranker reranker = new WordReranker(plain, boosted);
    WordReranker again = WordReranker.parse(reranker.toText());
    assertThat(again.part(true)).isEqualTo(boosted);
    assertThat(again.part(false)).isEqualTo(plain);
    assertThat(again.part(false).trees()).isSameAs(RankingTrees.NONE);
    assertThatThrownBy(
            () ->
                WordReranker.parse(
                    reranker.toText().replace("typed.trees.top 3.0", "typed.trees.top 2.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typed.trees.top: 2.5 is not a whole number");
  }
}

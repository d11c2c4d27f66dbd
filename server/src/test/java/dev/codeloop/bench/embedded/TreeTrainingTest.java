package dev.codeloop.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.RankingTrees;
import dev.codeloop.model.embedded.WordReranker;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeTrainingTest {
  @Test
  void should_boost_trees_that_rank_what_the_linear_score_cannot() {
    List<RerankerTraining.Position> train = SyntheticLists.exclusiveOr(500, 6, 1);
    List<RerankerTraining.Position> test = SyntheticLists.exclusiveOr(300, 6, 2);
    WordReranker.Part linear = RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 0);

    WordReranker.Part boosted =
        TreeTraining.train(train, linear, new TreeTraining.Settings(4, 40, 3, 0.3, 1, 0.5));

    assertThat(boosted.trees().size()).isEqualTo(40);
    assertThat(boosted.trees().top()).isEqualTo(4);
    assertThat(boosted.weights()).isEqualTo(linear.weights()); // fitted on top
    assertThat(SyntheticLists.top1(linear, test)).isLessThan(0.7);
    // only the best four by the linear score are corrected: the right word outside them stays a
    // miss
    assertThat(SyntheticLists.top1(boosted, test)).isGreaterThan(0.85);
    // deterministic, and the written weights read back to the same scores
    assertThat(TreeTraining.train(train, linear, new TreeTraining.Settings(4, 40, 3, 0.3, 1, 0.5)))
        .isEqualTo(boosted);
    WordReranker written = WordReranker.parse(new WordReranker(linear, boosted).toText());
    for (RerankerTraining.Position p : test) {
      assertThat(written.part(true).scores(p.rows())).isEqualTo(boosted.scores(p.rows()));
    }
  }

  @Test
  void should_leave_the_part_without_trees_for_zero_rounds() {
    List<RerankerTraining.Position> train = SyntheticLists.exclusiveOr(50, 6, 3);
    WordReranker.Part linear = RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 0);
    WordReranker.Part same =
        TreeTraining.train(train, linear, new TreeTraining.Settings(30, 0, 5, 0.1, 1, 5));
    assertThat(same.trees()).isSameAs(RankingTrees.NONE);
    assertThat(same).isEqualTo(linear);
  }
}

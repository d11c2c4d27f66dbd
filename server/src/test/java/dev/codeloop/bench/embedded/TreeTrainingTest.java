package dev.codeloop.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.RankingTrees;
import dev.codeloop.model.embedded.WordReranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeTrainingTest {
  private static final int LOG_P = WordReranker.FEATURES.indexOf("logP");
  private static final int KEYWORD = WordReranker.FEATURES.indexOf("keyword");
  private static final int HUMPS = WordReranker.FEATURES.indexOf("humps");

  /**
   * Lists of six where the right word has exactly one of two flags and the others both or neither
   * (no linear score ranks it first), and the model's probability is noise.
   */
  private static List<RerankerTraining.Position> exclusiveOr(int lists, long seed) {
    Random random = new Random(seed);
    List<RerankerTraining.Position> out = new ArrayList<>();
    for (int n = 0; n < lists; n++) {
      double[][] x = new double[6][];
      int right = random.nextInt(6);
      boolean keyword = random.nextBoolean();
      int other = 0;
      for (int i = 0; i < 6; i++) {
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
      hits += RerankerTraining.first(p, part) ? 1 : 0;
    }
    return hits / (double) lists.size();
  }

  @Test
  void should_boost_trees_that_rank_what_the_linear_score_cannot() {
    List<RerankerTraining.Position> train = exclusiveOr(500, 1);
    List<RerankerTraining.Position> test = exclusiveOr(300, 2);
    WordReranker.Part linear = RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 0);

    WordReranker.Part boosted =
        TreeTraining.train(train, linear, new TreeTraining.Settings(4, 40, 3, 0.3, 1, 0.5));

    assertThat(boosted.trees().size()).isEqualTo(40);
    assertThat(boosted.trees().top()).isEqualTo(4);
    assertThat(boosted.weights()).isEqualTo(linear.weights()); // fitted on top
    assertThat(top1(linear, test)).isLessThan(0.7);
    // only the best four by the linear score are corrected: the right word outside them stays a
    // miss
    assertThat(top1(boosted, test)).isGreaterThan(0.85);
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
    List<RerankerTraining.Position> train = exclusiveOr(50, 3);
    WordReranker.Part linear = RerankerTraining.part(train, new double[WordReranker.SIZE], 1e-3, 0);
    WordReranker.Part same =
        TreeTraining.train(train, linear, new TreeTraining.Settings(30, 0, 5, 0.1, 1, 5));
    assertThat(same.trees()).isSameAs(RankingTrees.NONE);
    assertThat(same).isEqualTo(linear);
  }
}

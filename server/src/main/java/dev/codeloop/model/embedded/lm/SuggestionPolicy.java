package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/**
 * Decides how much of a beam-search hypothesis is worth showing: a whole line (or block) when it is
 * likely as a whole or token by token, else only its confident beginning, else nothing.
 */
public final class SuggestionPolicy {
  /** A complete continuation at least this likely is shown whole. */
  public static final double MIN_WHOLE_PROB = 0.2;

  /** ... or when its tokens are this likely on (geometric) average. */
  public static final double MIN_MEAN_TOKEN_PROB = 0.7;

  /** Otherwise the longest beginning at least this likely is shown. */
  public static final double MIN_PREFIX_PROB = 0.55;

  /** A block's body: shown whole when at least this likely ... */
  public static final double MIN_BLOCK_WHOLE_PROB = 0.4;

  /** ... or its tokens this likely on average ... */
  public static final double MIN_BLOCK_MEAN_TOKEN_PROB = 0.8;

  /** ... else its longest beginning at least this likely. */
  public static final double MIN_BLOCK_PREFIX_PROB = 0.7;

  /** Alternatives after the first must be complete and at least this likely. */
  public static final double MIN_ALTERNATIVE_PROB = 0.1;

  private SuggestionPolicy() {}

  /** The tokens to show for the {@code rank}-th hypothesis (0 = best); empty for none. */
  public static int[] accept(BeamSearch.Hypothesis h, int rank) {
    return accept(h, rank, MIN_WHOLE_PROB, MIN_MEAN_TOKEN_PROB, MIN_PREFIX_PROB);
  }

  /**
   * {@link #accept} for a block's body (after {@code {} or {@code :}): stricter, so that what is
   * shown starts the body right at least 80 % of the time (validation split of {@code
   * BlockBenchmark}: 82 % for Java and Python, against 56 % and 60 % with the line's thresholds).
   */
  public static int[] acceptBlock(BeamSearch.Hypothesis h, int rank) {
    return accept(h, rank, MIN_BLOCK_WHOLE_PROB, MIN_BLOCK_MEAN_TOKEN_PROB, MIN_BLOCK_PREFIX_PROB);
  }

  private static int[] accept(
      BeamSearch.Hypothesis h,
      int rank,
      double wholeProb,
      double meanTokenProb,
      double prefixProb) {
    double whole = rank == 0 ? wholeProb : MIN_ALTERNATIVE_PROB;
    boolean confident =
        h.logProb() >= Math.log(whole)
            || (rank == 0
                && h.logProb() / Math.max(1, h.tokens().length) >= Math.log(meanTokenProb));
    if (h.complete() && confident) {
      return h.tokens();
    }
    if (rank == 0) {
      return Arrays.copyOf(h.tokens(), h.confidentLength(prefixProb));
    }
    return new int[0];
  }
}

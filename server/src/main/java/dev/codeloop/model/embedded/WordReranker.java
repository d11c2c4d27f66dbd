package dev.codeloop.model.embedded;

import dev.codeloop.model.WordRanker;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.NewtonStep;
import dev.codeloop.model.embedded.lm.Softmax;
import java.util.Arrays;
import java.util.List;

/**
 * A learned re-ranker of the completion menu's candidates: a linear score over per-candidate
 * features ({@link #FEATURES}), a softmax over the candidate list turning the scores into
 * probabilities that sum to 1 over the list. The weights are trained offline on the validation
 * split of {@code MenuBenchmark} (never on its test split) with {@link #train}, a Newton trainer of
 * the softmax (conditional logit) loss, and shipped per language as constants, like the model's
 * other tuned values. Immutable.
 *
 * <p>The ghost text's decision to show a word uses the same list: {@link Calibration} maps the top
 * candidate's softmax probability, its margin over the second and the model's own probability of it
 * to a score, shown when at least the language's threshold (chosen on the validation split so that
 * what is shown is right at least 80 % of the time).
 */
public final class WordReranker {
  /** Feature names, in the order of the feature vector. */
  public static final List<String> FEATURES =
      List.of(
          "logP", // log of the mixture's probability (floored at 1e-9)
          "logStatic", // log of each component's own probability (floored at 1e-9)
          "logRecent",
          "logDirectory",
          "logFile",
          "logNear",
          "logIdentifiers",
          "unknown", // not in the vocabulary
          "recency20", // exp(-d/20), d = tokens since its last use before the cursor in the
          // cursor's
          // role (after a member access or not)
          "recency200", // exp(-d/200)
          "usedBefore", // used in the file before the cursor in the cursor's role
          "onlyAfter", // used in the file, after the cursor only
          "logCount", // log(1 + uses in the file window)
          "declared", // declared in the file window (a name after def/class/a type)
          "memberShare", // after . -> :: ?.: log of the share of its uses that follow one
          "memberUnseen", // after a member access, never seen after one
          "ignoringCase", // matches the typed word ignoring case
          "humps", // matches the typed word by humps
          "keyword",
          "logLength",
          "modelRank", // log(1 + rank among the model's 200 most likely next tokens), log(201) if
          // not
          "capitalised",
          "logFrequency", // log(1 + its count in the static model)
          "nonMemberShare", // elsewhere: log of the share of its uses that follow no member access
          "otherRole", // used before the cursor, only in the other role
          "otherRoleShare"); // if so, the share feature of the cursor's role (memberShare or

  // nonMemberShare)

  public static final int SIZE = FEATURES.size();

  static final int LOG_P = 0;
  static final int LOG_STATIC = 1;
  static final int LOG_RECENT = 2;
  static final int LOG_DIRECTORY = 3;
  static final int LOG_FILE = 4;
  static final int LOG_NEAR = 5;
  static final int LOG_IDENTIFIERS = 6;
  static final int UNKNOWN = 7;
  static final int RECENCY_20 = 8;
  static final int RECENCY_200 = 9;
  static final int USED_BEFORE = 10;
  static final int ONLY_AFTER = 11;
  static final int LOG_COUNT = 12;
  static final int DECLARED = 13;
  static final int MEMBER_SHARE = 14;
  static final int MEMBER_UNSEEN = 15;
  static final int IGNORING_CASE = 16;
  static final int HUMPS = 17;
  static final int KEYWORD = 18;
  static final int LOG_LENGTH = 19;
  static final int MODEL_RANK = 20;
  static final int CAPITALISED = 21;
  static final int LOG_FREQUENCY = 22;
  static final int NON_MEMBER_SHARE = 23;
  static final int OTHER_ROLE = 24;
  static final int OTHER_ROLE_SHARE = 25;

  static final double FLOOR = 1e-9;

  /** The penalty of a frequent word never seen after a member access, after one. */
  static final double NEVER_A_MEMBER = 5;

  /** {@code memberShare} of a word used 20 times and never after a member access. */
  private static final double FREQUENT_NON_MEMBER = Math.log(0.5 / 21);

  private final Part nothingTyped;
  private final Part typed;

  /**
   * The weights and the ghost text's gate for one kind of position.
   *
   * @param weights one per feature of {@link #FEATURES}
   * @param gate the ghost text's decision to show the first word
   */
  public record Part(double[] weights, Calibration gate) {
    public Part {
      if (weights.length != SIZE) {
        throw new IllegalArgumentException("expected " + SIZE + " weights, got " + weights.length);
      }
      weights = weights.clone();
    }

    @Override
    public double[] weights() {
      return weights.clone();
    }

    /**
     * The linear score of one candidate's features, minus {@link #NEVER_A_MEMBER} after a member
     * access for a word used at least 20 times and never after one (a rule on top of the learned
     * weights: {@code self} after {@code self._finished.} and {@code s}).
     */
    public double score(double[] x) {
      double s = 0;
      for (int i = 0; i < SIZE; i++) {
        s += weights[i] * x[i];
      }
      if (x[MEMBER_UNSEEN] == 1 && x[MEMBER_SHARE] <= FREQUENT_NON_MEMBER) {
        s -= NEVER_A_MEMBER;
      }
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Part p && Arrays.equals(weights, p.weights) && gate.equals(p.gate);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(weights) * 31 + gate.hashCode();
    }

    @Override
    public String toString() {
      return "Part" + Arrays.toString(weights) + " " + gate;
    }
  }

  /**
   * @param nothingTyped for a cursor where no character of the word is typed yet
   * @param typed once the word has been begun
   */
  public WordReranker(Part nothingTyped, Part typed) {
    this.nothingTyped = nothingTyped;
    this.typed = typed;
  }

  /** The shipped weights for a language (Python's for Python, Java's for every other family). */
  public static WordReranker forLanguage(Language language) {
    return language == Language.PYTHON ? Defaults.PYTHON : Defaults.JAVA;
  }

  /** The part for a cursor where the word has ({@code wordStarted}) or has not been begun. */
  public Part part(boolean wordStarted) {
    return wordStarted ? typed : nothingTyped;
  }

  /**
   * One candidate of the menu with its features.
   *
   * @param word the word
   * @param origin where it came from first
   * @param features its feature vector ({@link #FEATURES})
   * @param modelProbability the model's (mixture's) probability of it at the cursor
   * @param lastUse index of its last use before the cursor in the file window's tokens, negative
   *     when not used before it
   */
  public record Candidate(
      String word,
      WordRanker.Origin origin,
      double[] features,
      double modelProbability,
      int lastUse) {
    @Override
    public double[] features() {
      return features.clone();
    }
  }

  /**
   * One training list: the candidates' feature vectors and the index of the right one.
   *
   * @param features one row per candidate
   * @param right index of the right candidate in {@code features}
   */
  public record Example(double[][] features, int right) {}

  /** Mean negative log-likelihood of the right candidates under {@code weights}, plus L2. */
  public static double loss(List<Example> examples, double[] weights, double l2) {
    Part r = new Part(weights, Calibration.NEVER);
    double loss = 0;
    for (Example e : examples) {
      double[] s = new double[e.features().length];
      for (int i = 0; i < s.length; i++) {
        s[i] = r.score(e.features()[i]);
      }
      loss -= Math.log(Math.max(1e-300, Softmax.of(s)[e.right()]));
    }
    double reg = 0;
    for (double w : weights) {
      reg += w * w;
    }
    return loss / Math.max(1, examples.size()) + 0.5 * l2 * reg;
  }

  /**
   * Fits the weights by Newton's method on the mean softmax loss with L2 penalty {@code l2},
   * halving a step that does not reduce the loss; starts from {@code start}.
   */
  public static double[] train(List<Example> examples, double[] start, double l2, int iterations) {
    int d = SIZE;
    double[] w = start.clone();
    double current = loss(examples, w, l2);
    double n = Math.max(1, examples.size());
    for (int it = 0; it < iterations; it++) {
      double[] grad = new double[d];
      double[][] hess = new double[d][d];
      Part r = new Part(w, Calibration.NEVER);
      for (Example e : examples) {
        double[][] x = e.features();
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          s[i] = r.score(x[i]);
        }
        double[] p = Softmax.of(s);
        double[] mean = new double[d];
        for (int i = 0; i < x.length; i++) {
          for (int a = 0; a < d; a++) {
            mean[a] += p[i] * x[i][a];
          }
        }
        for (int a = 0; a < d; a++) {
          grad[a] += mean[a] - x[e.right()][a];
        }
        for (int i = 0; i < x.length; i++) {
          if (p[i] < 1e-12) {
            continue;
          }
          for (int a = 0; a < d; a++) {
            double da = x[i][a] - mean[a];
            if (da == 0) {
              continue;
            }
            for (int b = a; b < d; b++) {
              hess[a][b] += p[i] * da * (x[i][b] - mean[b]);
            }
          }
        }
      }
      NewtonStep step =
          NewtonStep.take(
              w, current, grad, hess, n, l2, WordReranker::solve, x -> loss(examples, x, l2));
      w = step.weights();
      current = step.loss();
      if (!step.improved()) {
        break;
      }
    }
    return w;
  }

  /** Solves {@code a·x = b} for a symmetric positive definite {@code a} (Gaussian elimination). */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[pivot];
      m[pivot] = tmp;
      double v = m[c][c];
      if (Math.abs(v) < 1e-12) {
        continue;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = m[r][c] / v;
          if (f != 0) {
            for (int k = c; k <= n; k++) {
              m[r][k] -= f * m[c][k];
            }
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.abs(m[i][i]) < 1e-12 ? 0 : m[i][n] / m[i][i];
    }
    return x;
  }

  /**
   * The ghost text's decision to show the re-ranker's first word: a linear score of the top
   * candidate's log softmax probability, its margin over the second candidate's probability, the
   * log of the model's own probability of it and (when {@code weights} has {@code 3 + SIZE}
   * entries) its features, compared with a threshold.
   *
   * @param weights weights of log(top), margin, log(P model)[, the top candidate's features]
   * @param threshold shown when the score is at least this
   */
  public record Calibration(double[] weights, double threshold) {
    /** Never shows. */
    public static final Calibration NEVER =
        new Calibration(new double[] {0, 0, 0}, Double.POSITIVE_INFINITY);

    public Calibration {
      if (weights.length != 3 && weights.length != 3 + SIZE) {
        throw new IllegalArgumentException("3 or 3 + SIZE calibration weights");
      }
      weights = weights.clone();
    }

    @Override
    public double[] weights() {
      return weights.clone();
    }

    /**
     * The calibration score of a ranked list's top candidate.
     *
     * @param top its softmax probability
     * @param second the second candidate's
     * @param features its features
     */
    public double score(double top, double second, double[] features) {
      double s =
          weights[0] * Math.log(Math.max(FLOOR, top))
              + weights[1] * (top - second)
              + weights[2] * features[LOG_P];
      for (int i = 3; i < weights.length; i++) {
        s += weights[i] * features[i - 3];
      }
      return s;
    }

    /** Whether to show the top candidate as ghost text. */
    public boolean show(double top, double second, double[] features) {
      return score(top, second, features) >= threshold;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Calibration c
          && Arrays.equals(weights, c.weights)
          && Double.compare(threshold, c.threshold) == 0;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(weights) * 31 + Double.hashCode(threshold);
    }

    @Override
    public String toString() {
      return "Calibration" + Arrays.toString(weights) + " >= " + threshold;
    }
  }

  /**
   * The shipped weights, trained with {@code RerankerTraining} on the lists {@code MenuBenchmark}
   * dumps on the validation split (1,500 positions per language, seed 7; see
   * docs/EMBEDDED-MODEL.md), the gates chosen there for 82 % right.
   */
  static final class Defaults {
    static final WordReranker JAVA =
        new WordReranker(
            new Part(
                new double[] {
                  0.3680, 0.0858, 0.0455, 0.0074, 0.0563, -0.0484, 0.0306, -0.0000, 0.4868, 1.4036,
                  0.6408, 1.8124, 0.1224, 0.0024, -0.1323, 0.8091, 0.0000, 0.0000, -3.7796, 0.3878,
                  -0.3838, -0.1056, -0.2161, 0.0747, 1.6081, 0.5699
                },
                new Calibration(
                    new double[] {
                      0.9469, 3.6293, 0.3373, 0.3373, -0.0830, -0.0053, -0.0126, -0.1236, -0.0253,
                      0.0259, 0.0000, -0.7272, 0.3276, 1.5220, 0.9081, 0.0734, -0.5991, 0.1232,
                      2.0948, 0.0000, 0.0000, 0.0000, 0.0719, 0.4814, -0.6591, 0.2018, 0.3194,
                      1.6821, 0.4553
                    },
                    2.8261)),
            new Part(
                new double[] {
                  0.2028, 0.0818, 0.0673, 0.0067, -0.0240, -0.0782, 0.0634, 0.0000, 0.5577, 1.0439,
                  2.3476, 3.3896, 0.4849, 0.0901, 0.0628, 0.7264, -4.0845, -4.6786, -2.3465,
                  -0.1023, -0.3976, 0.3960, -0.2078, -0.0091, 2.3695, 0.0592
                },
                new Calibration(
                    new double[] {
                      0.3398, 3.8091, 0.0211, 0.0211, -0.0270, -0.0293, -0.0080, 0.0774, 0.0140,
                      -0.0153, 0.0000, -0.5567, 1.2018, -2.6873, -2.7544, -0.0416, -0.8502, 0.5344,
                      2.0612, -4.5127, -3.9887, 0.0000, -0.1214, 0.0494, -0.7738, 0.1732, 0.2404,
                      -1.6614, 0.1390
                    },
                    -1.7166)));
    static final WordReranker PYTHON =
        new WordReranker(
            new Part(
                new double[] {
                  0.3103, 0.0685, -0.0066, 0.0046, 0.1871, -0.0416, 0.0459, 0.0000, 0.9512, 1.6656,
                  -0.7681, 0.7038, -0.1249, -0.2473, -0.0521, 0.0412, 0.0000, 0.0000, -3.3110,
                  0.3886, -0.2564, -0.2529, -0.1468, 0.1457, 0.1252, 0.2307
                },
                new Calibration(
                    new double[] {
                      1.4163, 0.8190, 0.3880, 0.3880, 0.0033, 0.0106, -0.0186, 0.0402, -0.0070,
                      0.0193, 0.0000, -0.6432, -0.8055, 0.9710, 0.0814, 0.1383, -0.4004, -0.1878,
                      0.0000, 0.0000, 0.0000, 0.0000, -0.1633, 0.8830, 0.0256, 0.0148, 0.7440,
                      0.8035, 0.1131
                    },
                    -1.1299)),
            new Part(
                new double[] {
                  0.0716, 0.0225, 0.0567, -0.0198, 0.0461, -0.0467, 0.0687, 0.0000, 0.7294, 1.3324,
                  2.3445, 3.6532, 0.1755, -0.4407, 0.3170, 0.2491, -3.7327, -4.2609, -2.4559,
                  -0.1530, -0.5115, 0.7712, -0.1228, 0.0540, 2.6495, 0.0481
                },
                new Calibration(
                    new double[] {
                      0.9555, 3.3235, 0.1686, 0.1686, 0.1040, -0.0476, -0.0212, 0.0127, 0.0099,
                      -0.0363, 0.0000, 0.1867, -0.2806, -2.0215, -2.6376, 0.0226, 0.1139, -0.0313,
                      2.5310, -4.6430, -2.2289, -3.5839, -0.4558, 0.4469, -0.3958, -0.0883, 0.1391,
                      -0.7420, 0.6622
                    },
                    -3.7806)));

    private Defaults() {}
  }
}

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
          "otherRoleShare", // if so, the share feature of the cursor's role (memberShare or
          // nonMemberShare)
          "onLine", // an identifier of the cursor's line before the typed word
          "lineSubwords", // share of its subwords (camelCase / snake_case parts, any case) found
          // among those of the cursor's line before the typed word: setConcurrency(int c ->
          // concurrency
          "typeMember", // after recv., recv's type known (TypeMembers): log of the share of that
          // type's members that were this word (0 when the type is unknown)
          "typeUnseen", // after recv., recv's type known with 5+ member uses, never this word
          "lineType", // the type declared on the cursor's line, after "= new" or "= (":
          // StringBuilder b = new S -> StringBuilder
          "declaringDeclared", // a name is declared here (def n, Type n) and this word was
          // declared before the cursor already
          "declaringUsed", // a name is declared here and this word was used before the cursor
          "declaringOnlyAfter"); // a name is declared here and this word is used after it only

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
  static final int ON_LINE = 26;
  static final int LINE_SUBWORDS = 27;
  static final int TYPE_MEMBER = 28;
  static final int TYPE_UNSEEN = 29;
  static final int LINE_TYPE = 30;
  static final int DECLARING_DECLARED = 31;
  static final int DECLARING_USED = 32;
  static final int DECLARING_ONLY_AFTER = 33;

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
                  0.3241, 0.0766, 0.0452, 0.0108, 0.0570, -0.0432, 0.0277, -0.0000, 0.6977, 1.2918,
                  0.6065, 1.7158, 0.1724, -0.0229, -0.2118, 1.1501, 0.0000, 0.0000, -3.7124, 0.3569,
                  -0.3949, -0.1036, -0.2047, 0.1279, 1.4990, 0.4988, -1.9007, 1.5546, 0.5064,
                  -1.3337, 2.5504, 0.0000, 0.0000, 0.0000
                },
                new Calibration(
                    new double[] {
                      0.5254, 3.5727, 0.3961, 0.3961, -0.0556, -0.0074, -0.0082, -0.1315, -0.0319,
                      0.0056, 0.0000, -1.0308, 1.4092, 1.6960, 1.6376, 0.1641, -0.6372, 0.3188,
                      -2.2446, 0.0000, 0.0000, 0.0000, 0.0960, 0.5602, -0.5773, 0.1482, 0.2303,
                      1.6596, -0.6200, 0.9382, -0.6683, 0.1305, -2.1731, 1.3095, 0.0000, 0.0000,
                      0.0000
                    },
                    3.9202)),
            new Part(
                new double[] {
                  0.1930, 0.0689, 0.0705, 0.0103, -0.0102, -0.0777, 0.0589, -0.0002, 0.5533, 0.9763,
                  2.2388, 2.5253, 0.4853, 0.1637, -0.0582, 1.2035, -3.9997, -4.6401, -2.1314,
                  -0.1242, -0.3686, 0.4372, -0.1984, -0.0068, 2.1403, 0.0472, -1.7282, 2.4055,
                  1.3432, 0.0854, 1.7485, -0.3678, -0.7438, 1.9029
                },
                new Calibration(
                    new double[] {
                      0.7493, 3.5690, 0.0090, 0.0090, -0.0158, -0.0246, -0.0137, 0.0718, 0.0333,
                      -0.0250, 0.0000, -0.5056, 0.8613, -2.5178, -2.4839, -0.0107, -0.9065, 0.5504,
                      1.2744, -4.0214, -3.9745, 0.0000, -0.0994, 0.0762, -0.8031, 0.1502, 0.2669,
                      -1.8639, 0.0999, -0.6183, -0.2740, 0.2856, 0.5347, 5.7458, 0.1823, 0.0135,
                      -0.4558
                    },
                    -2.4254)));
    static final WordReranker PYTHON =
        new WordReranker(
            new Part(
                new double[] {
                  0.3056, 0.0736, -0.0093, 0.0064, 0.1796, -0.0408, 0.0459, 0.0000, 1.2511, 1.4409,
                  -0.5987, 0.7971, -0.1174, -0.2634, -0.0854, 0.2476, 0.0000, 0.0000, -3.3163,
                  0.3783, -0.2510, -0.3383, -0.1452, 0.1850, 0.0838, 0.1255, -2.1662, 1.7250,
                  0.3151, -1.3217, 0.0000, 0.0000, 0.0000, 0.0000
                },
                new Calibration(
                    new double[] {
                      1.4019, 1.1203, 0.3421, 0.3421, -0.0149, 0.0108, -0.0243, 0.0436, -0.0064,
                      0.0341, 0.0000, -0.6704, -1.4886, 1.1354, -0.0426, 0.0650, -0.3020, -0.2360,
                      0.0000, 0.0000, 0.0000, 0.0000, -0.2264, 0.7846, -0.0061, 0.0686, 0.7147,
                      0.7899, 0.1856, 0.0877, 0.1664, 0.3959, -0.3653, 0.0000, 0.0000, 0.0000,
                      0.0000
                    },
                    -1.2195)),
            new Part(
                new double[] {
                  0.0538, 0.0200, 0.0563, -0.0194, 0.0528, -0.0433, 0.0689, 0.0000, 0.8913, 1.0817,
                  2.5900, 3.7573, 0.1209, -0.2525, 0.2912, 0.3656, -3.7422, -4.2863, -2.4425,
                  -0.1377, -0.5405, 0.7941, -0.1062, 0.0457, 2.5971, -0.0204, -1.5929, 1.3755,
                  0.5089, -0.5263, 0.0000, -2.1344, -0.6400, -1.1143
                },
                new Calibration(
                    new double[] {
                      0.6536, 3.3812, 0.1783, 0.1783, 0.0940, -0.0517, -0.0143, -0.0359, 0.0225,
                      -0.0318, 0.0000, 0.4840, -0.9451, -0.8333, -1.5210, 0.0655, 0.1748, -0.1903,
                      0.2682, -3.2607, -3.2321, -4.0016, -0.4336, 0.3875, -0.1001, -0.0752, -0.2201,
                      0.3395, 1.0862, -1.6389, 1.1862, 0.1768, -0.9210, 0.0000, 0.4552, -1.4562,
                      -0.5678
                    },
                    -2.7210)));

    private Defaults() {}
  }
}

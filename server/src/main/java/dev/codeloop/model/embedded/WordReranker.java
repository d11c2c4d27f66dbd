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
          "lineSubwords"); // share of its subwords (camelCase / snake_case parts, any case) found

  // among those of the cursor's line before the typed word: setConcurrency(int c -> concurrency

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
                  0.3534, 0.0841, 0.0456, 0.0073, 0.0573, -0.0452, 0.0295, -0.0000, 0.7345, 1.2981,
                  0.6474, 1.7887, 0.1333, -0.0223, -0.1558, 0.8200, 0.0000, 0.0000, -3.7869, 0.3744,
                  -0.3837, -0.1140, -0.2084, 0.0886, 1.5166, 0.5157, -1.8352, 1.5308
                },
                new Calibration(
                    new double[] {
                      0.5674, 3.8942, 0.3519, 0.3519, -0.0648, -0.0042, -0.0085, -0.1277, -0.0124,
                      -0.0031, 0.0000, -1.1131, 1.0822, 1.5437, 1.3749, 0.1437, -0.7078, 0.2546,
                      1.3401, 0.0000, 0.0000, 0.0000, 0.0978, 0.4944, -0.6632, 0.1595, 0.3799,
                      1.3806, -0.7892, 0.9903, -0.7501
                    },
                    3.6238)),
            new Part(
                new double[] {
                  0.1928, 0.0816, 0.0691, 0.0074, -0.0117, -0.0735, 0.0595, -0.0001, 0.5341, 0.9869,
                  2.2254, 3.1849, 0.4652, 0.0906, -0.0188, 0.7995, -4.0610, -4.6632, -2.3568,
                  -0.1177, -0.3904, 0.3784, -0.2058, -0.0224, 2.1075, 0.0522, -1.6990, 2.4800
                },
                new Calibration(
                    new double[] {
                      0.4214, 3.8109, -0.0057, -0.0057, -0.0129, -0.0303, -0.0056, 0.0950, 0.0016,
                      0.0105, 0.0000, -0.2887, 0.9120, -3.0573, -3.0018, -0.0680, -0.8342, 0.5340,
                      1.9215, -4.3571, -4.0162, 0.0000, -0.1453, 0.0176, -0.7252, 0.1384, 0.2373,
                      -2.2764, 0.1132, -0.4911, -0.5109
                    },
                    -2.7272)));
    static final WordReranker PYTHON =
        new WordReranker(
            new Part(
                new double[] {
                  0.3015, 0.0700, -0.0100, 0.0060, 0.1846, -0.0412, 0.0464, 0.0000, 1.2416, 1.4909,
                  -0.6687, 0.7522, -0.1232, -0.2527, -0.0831, 0.0863, 0.0000, 0.0000, -3.3084,
                  0.3751, -0.2711, -0.3032, -0.1450, 0.1686, 0.0693, 0.1398, -2.1715, 1.7193
                },
                new Calibration(
                    new double[] {
                      1.2049, 1.6463, 0.3650, 0.3650, -0.0096, 0.0149, -0.0243, 0.0358, -0.0084,
                      0.0211, 0.0000, -0.7450, -0.9981, 0.8664, -0.2361, 0.0878, -0.2880, -0.1835,
                      0.0000, 0.0000, 0.0000, 0.0000, -0.2189, 0.8342, -0.0307, 0.0598, 0.6229,
                      0.7915, 0.2518, 0.0776, 0.1632
                    },
                    -0.7557)),
            new Part(
                new double[] {
                  0.0708, 0.0234, 0.0568, -0.0205, 0.0404, -0.0454, 0.0676, 0.0000, 0.8867, 1.2425,
                  2.4082, 3.6778, 0.1875, -0.4364, 0.2496, 0.2069, -3.7196, -4.2496, -2.4344,
                  -0.1885, -0.5231, 0.7655, -0.1295, -0.0162, 2.6201, 0.0432, -1.6405, 1.4294
                },
                new Calibration(
                    new double[] {
                      0.5930, 3.6974, 0.2072, 0.2072, 0.0949, -0.0492, -0.0157, -0.0239, 0.0061,
                      -0.0386, 0.0000, 0.2200, -0.1235, -1.4357, -1.8951, 0.0293, 0.1602, -0.2544,
                      0.3132, -2.9446, -2.5445, -3.9330, -0.5518, 0.4616, -0.4602, -0.0832, 0.0663,
                      -0.1659, 0.8820, -1.7746, 1.4529
                    },
                    -2.8869)));

    private Defaults() {}
  }
}

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
                  0.3243, 0.0767, 0.0453, 0.0108, 0.0570, -0.0433, 0.0277, -0.0000, 0.6970, 1.2917,
                  0.6056, 1.7154, 0.1723, -0.0226, -0.2119, 1.1505, 0.0000, 0.0000, -3.7455, 0.3566,
                  -0.3948, -0.1035, -0.2049, 0.1274, 1.4988, 0.4996, -1.9011, 1.5559, 0.5064,
                  -1.3335, 2.5503, 0.0000, 0.0000, 0.0000
                },
                new Calibration(
                    new double[] {
                      0.5200, 3.5794, 0.3963, 0.3963, -0.0556, -0.0074, -0.0082, -0.1314, -0.0319,
                      0.0055, 0.0000, -1.0293, 1.4112, 1.6951, 1.6383, 0.1644, -0.6371, 0.3189,
                      -2.2457, 0.0000, 0.0000, 0.0000, 0.0966, 0.5594, -0.5776, 0.1482, 0.2303,
                      1.6603, -0.6203, 0.9354, -0.6668, 0.1300, -2.1760, 1.3128, 0.0000, 0.0000,
                      0.0000
                    },
                    3.9294)),
            new Part(
                new double[] {
                  0.1933, 0.0696, 0.0703, 0.0102, -0.0102, -0.0778, 0.0589, -0.0002, 0.5514, 0.9741,
                  2.2395, 2.5240, 0.4862, 0.1654, -0.0603, 1.2049, -3.9987, -4.6343, -2.1912,
                  -0.1265, -0.3685, 0.4418, -0.1997, -0.0233, 2.1439, 0.0562, -1.7284, 2.4074,
                  1.3430, 0.0855, 1.7477, -0.3552, -0.7590, 1.8983
                },
                new Calibration(
                    new double[] {
                      0.6597, 3.6148, 0.0105, 0.0105, -0.0169, -0.0233, -0.0130, 0.0648, 0.0313,
                      -0.0238, 0.0000, -0.4469, 0.8572, -2.3240, -2.3017, -0.0113, -0.8791, 0.5349,
                      1.3470, -4.0721, -3.9997, 0.0000, -0.0965, 0.0628, -0.7947, 0.1524, 0.1479,
                      -1.6704, 0.1735, -0.6481, -0.2716, 0.2737, 0.4770, 5.7310, 0.1811, -0.0022,
                      -0.4395
                    },
                    -2.1111)));
    static final WordReranker PYTHON =
        new WordReranker(
            new Part(
                new double[] {
                  0.3014, 0.0751, -0.0093, 0.0064, 0.1794, -0.0408, 0.0461, 0.0000, 1.2429, 1.4417,
                  -0.5896, 0.8050, -0.1206, -0.2574, -0.0879, 0.2474, 0.0000, 0.0000, -3.3162,
                  0.3783, -0.2590, -0.3365, -0.1489, 0.1802, 0.0904, 0.1238, -2.1599, 1.7245,
                  0.3158, -1.3189, 0.0000, 0.0000, 0.0000, 0.0000
                },
                new Calibration(
                    new double[] {
                      1.3887, 1.2406, 0.3384, 0.3384, -0.0165, 0.0112, -0.0249, 0.0370, -0.0010,
                      0.0318, 0.0000, -0.6100, -1.6652, 1.1676, -0.0585, 0.0682, -0.3012, -0.2425,
                      0.0000, 0.0000, 0.0000, 0.0000, -0.2265, 0.7874, 0.0077, 0.0723, 0.6995,
                      0.7474, 0.1908, 0.1491, 0.1146, 0.3968, -0.3638, 0.0000, 0.0000, 0.0000,
                      0.0000
                    },
                    -1.1932)),
            new Part(
                new double[] {
                  0.0481, 0.0214, 0.0572, -0.0199, 0.0531, -0.0436, 0.0697, 0.0000, 0.8745, 1.0811,
                  2.6225, 3.7752, 0.1163, -0.2442, 0.2836, 0.3749, -3.7398, -4.2820, -2.4399,
                  -0.1742, -0.5543, 0.7901, -0.1160, -0.0098, 2.6434, 0.0126, -1.5911, 1.3810,
                  0.5043, -0.5223, 0.0000, -2.0965, -0.7279, -1.1350
                },
                new Calibration(
                    new double[] {
                      0.6248, 3.5037, 0.1925, 0.1925, 0.0937, -0.0503, -0.0149, -0.0422, 0.0217,
                      -0.0332, 0.0000, 0.5061, -0.9555, -0.7360, -1.4652, 0.0648, 0.1686, -0.1849,
                      0.2571, -3.2457, -3.2437, -3.9957, -0.4071, 0.4239, -0.1107, -0.0732, -0.1269,
                      0.4761, 1.0747, -1.6790, 1.2184, 0.1729, -0.9333, 0.0000, 0.4022, -1.3176,
                      -0.5055
                    },
                    -2.5264)));

    private Defaults() {}
  }
}

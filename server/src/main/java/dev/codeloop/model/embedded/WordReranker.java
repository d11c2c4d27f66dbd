package dev.codeloop.model.embedded;

import com.google.common.base.Suppliers;
import dev.codeloop.model.WordRanker;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.NewtonStep;
import dev.codeloop.model.embedded.lm.ScoreOrder;
import dev.codeloop.model.embedded.lm.Softmax;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

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
          "declaringOnlyAfter", // a name is declared here and this word is used after it only
          "scopeUses", // log(1 + uses in the cursor's role in the cursor's function before it)
          "scopeParameter", // a parameter of the cursor's function (FunctionScope)
          "scopeLocal", // declared in the cursor's function before it (FunctionScope.locals)
          "scopeNameSubwords", // share of its subwords found in the cursor's function's name
          "allCaps", // two or more letters, all upper case: a constant's name
          "lineStartShare", // the typed word first on its line: log of the share of the word's
          // uses in the file window that start a line (0 elsewhere)
          "previousLineStart"); // the typed word first on its line: the line before starts with it

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
  static final int SCOPE_USES = 34;
  static final int SCOPE_PARAMETER = 35;
  static final int SCOPE_LOCAL = 36;
  static final int SCOPE_NAME_SUBWORDS = 37;
  static final int ALL_CAPS = 38;
  static final int LINE_START_SHARE = 39;
  static final int PREVIOUS_LINE_START = 40;

  static final double FLOOR = 1e-9;

  /** The penalty of a frequent word never seen after a member access, after one. */
  static final double NEVER_A_MEMBER = 5;

  /** {@code memberShare} of a word used 20 times and never after a member access. */
  private static final double FREQUENT_NON_MEMBER = Math.log(0.5 / 21);

  private final Part nothingTyped;
  private final Part typed;

  /**
   * The candidates the hidden layer re-scores: the first this many by the linear score. The rest
   * keep their linear order below them, with probability 0. Training sees the same lists ({@code
   * MenuBenchmark} dumps the 150 best by the linear score).
   */
  public static final int RESCORED = 100;

  /** Added to the linear score of a candidate the hidden layer does not re-score. */
  private static final double NOT_RESCORED = -1000;

  /**
   * The candidates the hidden layer re-scores, given their linear scores: all of them when there
   * are at most {@link #RESCORED}, else the best {@code RESCORED} (ties to the earlier one), best
   * first.
   */
  public static int[] rescored(double[] linear) {
    int n = linear.length;
    if (n <= RESCORED) {
      return IntStream.range(0, n).toArray();
    }
    return Arrays.copyOf(ScoreOrder.descending(linear), RESCORED);
  }

  /**
   * A hidden layer of {@code tanh} units on top of the linear score: {@code sum_h out[h] *
   * tanh(bias[h] + in[h] . x)} over the raw features (the training's standardisation folded in).
   * Immutable.
   */
  public static final class Hidden {
    /** No hidden layer: the score is the linear one. */
    public static final Hidden NONE = new Hidden(new double[0], new double[0], new double[0]);

    private final double[] bias;
    private final double[] out;

    /**
     * The input weights feature by feature ({@code [i * units + h]}; {@link #in} gives them unit by
     * unit): a candidate's features are mostly 0, so {@link #score} adds only the columns of those
     * that are not, each over every unit in one loop the JIT vectorises — the same sums in the same
     * order as unit by unit.
     */
    private final double[] inByFeature;

    /**
     * @param in {@code units * SIZE} input weights, unit by unit
     * @param bias one per unit
     * @param out one per unit
     */
    public Hidden(double[] in, double[] bias, double[] out) {
      if (bias.length != out.length || in.length != bias.length * SIZE) {
        throw new IllegalArgumentException(
            "a hidden layer of "
                + bias.length
                + " units needs "
                + bias.length * SIZE
                + " input weights and "
                + bias.length
                + " output weights, got "
                + in.length
                + " and "
                + out.length);
      }
      this.bias = bias.clone();
      this.out = out.clone();
      int units = bias.length;
      this.inByFeature = new double[in.length];
      for (int h = 0; h < units; h++) {
        for (int i = 0; i < SIZE; i++) {
          inByFeature[i * units + h] = in[h * SIZE + i];
        }
      }
    }

    public int units() {
      return bias.length;
    }

    /** The input weights, {@code units * SIZE}, unit by unit. */
    public double[] in() {
      int units = bias.length;
      double[] in = new double[inByFeature.length];
      for (int h = 0; h < units; h++) {
        for (int i = 0; i < SIZE; i++) {
          in[h * SIZE + i] = inByFeature[i * units + h];
        }
      }
      return in;
    }

    /** One per unit. */
    public double[] bias() {
      return bias.clone();
    }

    /** One per unit. */
    public double[] out() {
      return out.clone();
    }

    /** The layer's contribution to one candidate's score. */
    public double score(double[] x) {
      return score(x, new double[bias.length]);
    }

    /**
     * The layer's contribution to one candidate's score, {@code z} (at least {@link #units} long)
     * the scratch for the units' inputs: {@code sum_h out[h] * tanh(bias[h] + in[h] . x)}, bit for
     * bit (a feature that is 0 adds nothing to any unit's sum).
     */
    public double score(double[] x, double[] z) {
      int units = bias.length;
      System.arraycopy(bias, 0, z, 0, units);
      for (int i = 0; i < SIZE; i++) {
        double xi = x[i];
        if (xi != 0) {
          int o = i * units;
          for (int h = 0; h < units; h++) {
            z[h] += inByFeature[o + h] * xi;
          }
        }
      }
      double s = 0;
      for (int h = 0; h < units; h++) {
        s += out[h] * tanh(z[h]);
      }
      return s;
    }

    /**
     * {@code tanh(z)} through one {@code Math.exp} (an intrinsic; {@code Math.tanh} is not, and was
     * half of the layer's time): equal to {@code Math.tanh} within 1e-15, which the training uses
     * too.
     */
    public static double tanh(double z) {
      if (z > 20) {
        return 1;
      }
      if (z < -20) {
        return -1;
      }
      double e = Math.exp(2 * z);
      return (e - 1) / (e + 1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Hidden h
          && Arrays.equals(inByFeature, h.inByFeature)
          && Arrays.equals(bias, h.bias)
          && Arrays.equals(out, h.out);
    }

    @Override
    public int hashCode() {
      return (Arrays.hashCode(inByFeature) * 31 + Arrays.hashCode(bias)) * 31
          + Arrays.hashCode(out);
    }

    @Override
    public String toString() {
      return "Hidden(" + bias.length + " units)";
    }
  }

  /**
   * The weights and the ghost text's gate for one kind of position.
   *
   * @param weights one per feature of {@link #FEATURES}
   * @param hidden the hidden layer over the best {@link #RESCORED} by the linear score
   * @param trees the boosted trees' correction of the best by linear score and hidden layer
   * @param gate the ghost text's decision to show the first word
   */
  public record Part(double[] weights, Hidden hidden, RankingTrees trees, Calibration gate) {
    public Part {
      if (weights.length != SIZE) {
        throw new IllegalArgumentException("expected " + SIZE + " weights, got " + weights.length);
      }
      weights = weights.clone();
    }

    /** No trees. */
    public Part(double[] weights, Hidden hidden, Calibration gate) {
      this(weights, hidden, RankingTrees.NONE, gate);
    }

    /** A linear part: no hidden layer, no trees. */
    public Part(double[] weights, Calibration gate) {
      this(weights, Hidden.NONE, gate);
    }

    /** This part with {@code gate} instead of its own. */
    public Part withGate(Calibration gate) {
      return new Part(weights, hidden, trees, gate);
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
    public double linear(double[] x) {
      double s = 0;
      for (int i = 0; i < SIZE; i++) {
        s += weights[i] * x[i];
      }
      if (x[MEMBER_UNSEEN] == 1 && x[MEMBER_SHARE] <= FREQUENT_NON_MEMBER) {
        s -= NEVER_A_MEMBER;
      }
      return s;
    }

    /** The scores of {@code candidates} ({@link #scores} of their features). */
    public double[] scoresOf(List<Candidate> candidates) {
      List<double[]> features = new ArrayList<>(candidates.size());
      for (Candidate c : candidates) {
        features.add(c.features());
      }
      return scores(features);
    }

    /**
     * The scores of a list of candidates given by their features: the linear score, plus the hidden
     * layer's for the best {@link #RESCORED} by it; the others keep their linear order below those
     * (their score is lowered by 1,000, so their softmax probability is 0). Ties in the linear
     * score go to the earlier candidate.
     */
    public double[] scores(List<double[]> features) {
      int n = features.size();
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = linear(features.get(i));
      }
      if (hidden.units() > 0) {
        double[] added = new double[n];
        Arrays.fill(added, NOT_RESCORED);
        double[] z = new double[hidden.units()];
        for (int i : rescored(s)) {
          added[i] = hidden.score(features.get(i), z);
        }
        for (int i = 0; i < n; i++) {
          s[i] += added[i];
        }
      }
      trees.correct(features, s);
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Part p
          && Arrays.equals(weights, p.weights)
          && hidden.equals(p.hidden)
          && trees.equals(p.trees)
          && gate.equals(p.gate);
    }

    @Override
    public int hashCode() {
      return ((Arrays.hashCode(weights) * 31 + hidden.hashCode()) * 31 + trees.hashCode()) * 31
          + gate.hashCode();
    }

    @Override
    public String toString() {
      return "Part" + Arrays.toString(weights) + " " + hidden + " " + trees + " " + gate;
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

  /**
   * The shipped weights for a language: its own for Python and for JavaScript (which TypeScript
   * shares), Java's for every other family.
   */
  public static WordReranker forLanguage(Language language) {
    return switch (language) {
      case PYTHON -> Defaults.PYTHON.get();
      case JAVASCRIPT -> Defaults.JAVASCRIPT.get();
      default -> Defaults.JAVA.get();
    };
  }

  /**
   * The language's keyword re-ranker: the same form, trained on the lists where a keyword comes as
   * well as where an identifier does ({@code MenuBenchmark -Dkeywords=true}). The menu's words are
   * ranked by {@link #forLanguage}'s (trained where identifiers come: the lists at keywords cost it
   * two points of identifiers right); this one decides only whether a keyword comes first ({@link
   * #expectedKeyword}).
   */
  public static WordReranker keywordsFor(Language language) {
    return switch (language) {
      case PYTHON -> Defaults.PYTHON_KEYWORDS.get();
      case JAVASCRIPT -> Defaults.JAVASCRIPT_KEYWORDS.get();
      default -> Defaults.JAVA_KEYWORDS.get();
    };
  }

  /**
   * The keyword this re-ranker puts first among {@code candidates} (its best candidate, the first
   * of equal scores), or null when its best is no keyword of {@code language}.
   *
   * @param wordStarted whether a word has been begun (the part that scores)
   */
  public String expectedKeyword(
      Language language, List<Candidate> candidates, boolean wordStarted) {
    if (candidates.isEmpty()) {
      return null;
    }
    double[] s = part(wordStarted).scoresOf(candidates);
    int best = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[best]) {
        best = i;
      }
    }
    String word = candidates.get(best).word();
    return language.isKeyword(word) ? word : null;
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
        s[i] = r.linear(e.features()[i]);
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
          s[i] = r.linear(x[i]);
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
   * This re-ranker as the text of a weights resource: one line per vector, {@code <part>.<name>
   * <numbers>}, the parts {@code none} (nothing typed) and {@code typed}; lines starting with
   * {@code #} are comments. {@link #parse} reads it back.
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    append(sb, "none", nothingTyped);
    append(sb, "typed", typed);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, Part part) {
    line(sb, name + ".weights", part.weights);
    line(sb, name + ".hidden.in", part.hidden.in());
    line(sb, name + ".hidden.bias", part.hidden.bias);
    line(sb, name + ".hidden.out", part.hidden.out);
    if (part.trees.size() > 0) {
      RankingTrees t = part.trees;
      line(sb, name + ".trees.top", new double[] {t.top()});
      line(sb, name + ".trees.roots", doubles(t.roots()));
      line(sb, name + ".trees.feature", doubles(t.feature()));
      line(sb, name + ".trees.threshold", t.threshold());
      line(sb, name + ".trees.left", doubles(t.left()));
      line(sb, name + ".trees.right", doubles(t.right()));
    }
    line(sb, name + ".gate", part.gate.weights);
    line(sb, name + ".threshold", new double[] {part.gate.threshold});
  }

  private static double[] doubles(int[] values) {
    return Arrays.stream(values).asDoubleStream().toArray();
  }

  private static int[] ints(String key, double[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) values[i];
      if (out[i] != values[i]) {
        throw new IllegalArgumentException(key + ": " + values[i] + " is not a whole number");
      }
    }
    return out;
  }

  private static void line(StringBuilder sb, String key, double[] values) {
    sb.append(key);
    for (double v : values) {
      // the shortest text that reads back as the same double
      sb.append(' ').append(v);
    }
    sb.append('\n');
  }

  /**
   * Reads the text {@link #toText} writes.
   *
   * @throws IllegalArgumentException naming the line when a vector is missing, repeated or has the
   *     wrong length, or a number does not parse
   */
  public static WordReranker parse(String text) {
    Map<String, double[]> vectors = new HashMap<>();
    String[] lines = text.split("\n");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      double[] values = new double[fields.length - 1];
      try {
        for (int i = 1; i < fields.length; i++) {
          values[i - 1] = Double.parseDouble(fields[i]);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage(), e);
      }
      if (vectors.put(fields[0], values) != null) {
        throw new IllegalArgumentException("line " + (n + 1) + ": " + fields[0] + " repeated");
      }
    }
    return new WordReranker(part(vectors, "none"), part(vectors, "typed"));
  }

  private static Part part(Map<String, double[]> vectors, String name) {
    double[] threshold = vector(vectors, name + ".threshold");
    if (threshold.length != 1) {
      throw new IllegalArgumentException(name + ".threshold: one number expected");
    }
    return new Part(
        vector(vectors, name + ".weights"),
        new Hidden(
            vector(vectors, name + ".hidden.in"),
            vector(vectors, name + ".hidden.bias"),
            vector(vectors, name + ".hidden.out")),
        trees(vectors, name + ".trees"),
        new Calibration(vector(vectors, name + ".gate"), threshold[0]));
  }

  /** The trees under {@code key} ({@link RankingTrees#NONE} when the resource has none). */
  private static RankingTrees trees(Map<String, double[]> vectors, String key) {
    if (!vectors.containsKey(key + ".top")) {
      return RankingTrees.NONE;
    }
    double[] top = vector(vectors, key + ".top");
    if (top.length != 1) {
      throw new IllegalArgumentException(key + ".top: one number expected");
    }
    return new RankingTrees(
        ints(key + ".top", top)[0],
        ints(key + ".roots", vector(vectors, key + ".roots")),
        ints(key + ".feature", vector(vectors, key + ".feature")),
        vector(vectors, key + ".threshold"),
        ints(key + ".left", vector(vectors, key + ".left")),
        ints(key + ".right", vector(vectors, key + ".right")));
  }

  private static double[] vector(Map<String, double[]> vectors, String key) {
    double[] v = vectors.get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " missing");
    }
    return v;
  }

  /**
   * The shipped weights, trained with {@code RerankerTraining} on the lists {@code MenuBenchmark}
   * dumps on the validation split (see docs/EMBEDDED-MODEL.md), the gates chosen there for 82 %
   * right (a begun word's then set for 85 % on the validation split's protocol); read once from the
   * resources {@code reranker-java.txt}, {@code reranker-python.txt} and {@code
   * reranker-javascript.txt} beside this class; the keyword re-rankers ({@link #keywordsFor}) from
   * {@code keywords-java.txt}, {@code keywords-python.txt} and {@code keywords-javascript.txt}.
   * Each is read when a language first asks for it (the six are 2.7 MB of text, about 200 ms to
   * read in a fresh JVM): a session of one language reads only its own two.
   */
  static final class Defaults {
    static final Supplier<WordReranker> JAVA = lazily("reranker-java.txt");
    static final Supplier<WordReranker> PYTHON = lazily("reranker-python.txt");
    static final Supplier<WordReranker> JAVASCRIPT = lazily("reranker-javascript.txt");
    static final Supplier<WordReranker> JAVA_KEYWORDS = lazily("keywords-java.txt");
    static final Supplier<WordReranker> PYTHON_KEYWORDS = lazily("keywords-python.txt");
    static final Supplier<WordReranker> JAVASCRIPT_KEYWORDS = lazily("keywords-javascript.txt");

    private static Supplier<WordReranker> lazily(String resource) {
      return Suppliers.memoize(() -> load(resource));
    }

    private static WordReranker load(String resource) {
      try (InputStream in = WordReranker.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("the re-ranker's weights are missing: " + resource);
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("cannot read the re-ranker's weights " + resource, e);
      }
    }

    private Defaults() {}
  }
}

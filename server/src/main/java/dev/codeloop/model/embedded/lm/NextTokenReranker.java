package dev.codeloop.model.embedded.lm;

import dev.codeloop.model.embedded.lex.Language;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A learned re-ranker of the n-gram's next-token candidates: at a position, the mixture's top
 * candidates ({@link LanguageModel.Context#candidates}) get a feature vector each ({@link
 * #FEATURES}: the mixture's and each component's log-probability, the n-gram rank, how far each
 * component's context reaches, the token kinds of the candidate and of the previous token, how long
 * ago and how often the candidate was used in the file, whether it was declared there and whether
 * that declaration's block is still open), and a softmax over a linear score of those features
 * (conditional logit) orders them again. {@link #train} fits the weights by Newton's method on
 * lists where the right token is among the candidates.
 *
 * <p>The probabilities of the re-ranked list are the n-gram's mass of the list shared by the
 * softmax, so the distribution over the whole vocabulary still sums to 1 (tokens outside the list
 * keep the n-gram's probability). Immutable; {@link #rerank} is safe from any thread as long as the
 * context's caches do not change during the call.
 *
 * <p>Component layout: the static model first, then the caches outermost first as {@link
 * LanguageModel} orders them; the features assume the product's and the JDK benchmark's five caches
 * (recent files, directory, file, locality, identifiers). A model with fewer components gets the
 * floor for the missing ones.
 */
public final class NextTokenReranker {
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
          "logRank", // log(1 + rank in the n-gram's list)
          "logStaticByDepth", // logStatic · static context depth / 6
          "logFileByDepth", // logFile · min(file context depth, 10) / 10
          "logNearByDepth", // logNear · min(locality context depth, 10) / 10
          "identifier", // the candidate's kind (punctuation is the base)
          "keyword",
          "literal",
          "identifierAfterIdentifier", // candidate kind × previous token's kind
          "identifierAfterKeyword",
          "identifierAfterLiteral",
          "identifierAfterMember",
          "identifierAfterPunctuation",
          "keywordAfterIdentifier",
          "keywordAfterKeyword",
          "keywordAfterLiteral",
          "keywordAfterMember",
          "keywordAfterPunctuation",
          "literalAfterIdentifier",
          "literalAfterKeyword",
          "literalAfterLiteral",
          "literalAfterMember",
          "literalAfterPunctuation",
          "identifierLogStatic", // an identifier's component log-probabilities again
          "identifierLogRecent",
          "identifierLogDirectory",
          "identifierLogFile",
          "identifierLogNear",
          "identifierLogIdentifiers",
          "recency20", // exp(-d/20), d = tokens since its last use in the window, 0 if none
          "recency200", // exp(-d/200)
          "usedBefore", // used in the window before the position
          "logCount", // log(1 + uses in the window)
          "declared", // declared in the window (a name after a type and before = ; , ) : ()
          "inScope", // declared in a block that is still open
          "repeatsPrevious", // the same token as the previous one
          "copies1", // it followed the previous token where that last occurred in the window
          "copies2", // it followed the last two tokens where they last occurred
          "copies3"); // it followed the last three tokens where they last occurred

  public static final int SIZE = FEATURES.size();

  /** Tokens of history the usage features look at (the file so far, bounded). */
  public static final int WINDOW = 3000;

  static final int LOG_P = 0;
  static final int LOG_COMPONENT = 1;
  static final int COMPONENTS = 6;
  static final int LOG_RANK = 7;
  static final int STATIC_BY_DEPTH = 8;
  static final int FILE_BY_DEPTH = 9;
  static final int NEAR_BY_DEPTH = 10;
  static final int KIND = 11;
  static final int KIND_AFTER = 14;
  static final int IDENTIFIER_COMPONENT = 29;
  static final int RECENCY_20 = 35;
  static final int RECENCY_200 = 36;
  static final int USED_BEFORE = 37;
  static final int LOG_COUNT = 38;
  static final int DECLARED = 39;
  static final int IN_SCOPE = 40;
  static final int REPEATS_PREVIOUS = 41;
  static final int COPIES = 42;

  /** Index of the file cache and of the locality cache among the components. */
  private static final int FILE = 3;

  private static final int NEAR = 4;

  static final double FLOOR = 1e-9;

  private final double[] weights;

  /**
   * @param weights one per feature of {@link #FEATURES}
   */
  public NextTokenReranker(double[] weights) {
    if (weights.length != SIZE) {
      throw new IllegalArgumentException("expected " + SIZE + " weights, got " + weights.length);
    }
    this.weights = weights.clone();
  }

  /** The weights that reproduce the n-gram's order (1 for {@code logP}, 0 elsewhere). */
  public static double[] identityWeights() {
    double[] w = new double[SIZE];
    w[LOG_P] = 1;
    return w;
  }

  public double[] weights() {
    return weights.clone();
  }

  /** The linear score of one feature vector. */
  public double score(double[] x) {
    double s = 0;
    for (int a = 0; a < SIZE; a++) {
      s += weights[a] * x[a];
    }
    return s;
  }

  /**
   * The candidates re-ordered, best first.
   *
   * @param ids candidate ids, best first
   * @param probs their probabilities: the n-gram's mass of the list shared by the re-ranker's
   *     softmax
   */
  public record Ranked(int[] ids, double[] probs) {
    /** Zero-based rank of {@code id}, or -1. */
    public int rankOf(int id) {
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == id) {
          return i;
        }
      }
      return -1;
    }

    /** The probability of {@code id} if it is in the list, else {@code outside}. */
    public double probOr(int id, double outside) {
      int r = rankOf(id);
      return r < 0 ? outside : probs[r];
    }
  }

  /**
   * Re-ranks the n-gram's candidates at {@code history[0..length)}.
   *
   * @param candidates the context's candidates ({@link LanguageModel.Context#candidates})
   */
  public Ranked rerank(
      LanguageModel.Context ctx, Candidates candidates, int[] history, int length, Kinds kinds) {
    double[][] x = features(ctx, candidates, history, length, kinds);
    int k = x.length;
    double[] s = new double[k];
    double mass = 0;
    for (int i = 0; i < k; i++) {
      s[i] = score(x[i]);
      mass += candidates.probs()[i];
    }
    double[] p = Softmax.of(s);
    int[] order = ScoreOrder.descending(s);
    int[] ids = new int[k];
    double[] probs = new double[k];
    for (int i = 0; i < k; i++) {
      ids[i] = candidates.ids()[order[i]];
      probs[i] = mass * p[order[i]];
    }
    return new Ranked(ids, probs);
  }

  /**
   * The feature vector of each candidate (row {@code i} for {@code candidates.ids()[i]}) at {@code
   * history[0..length)}; {@code ctx} must be the context of that history.
   */
  public static double[][] features(
      LanguageModel.Context ctx, Candidates candidates, int[] history, int length, Kinds kinds) {
    int[] ids = candidates.ids();
    int k = ids.length;
    double[][] x = new double[k][SIZE];
    int components = Math.min(ctx.components(), COMPONENTS);
    double[] comp = new double[ctx.components()];
    double staticDepth = Math.max(0, ctx.depth(0)) / 6.0;
    double fileDepth =
        ctx.components() > FILE ? Math.min(10, Math.max(0, ctx.depth(FILE))) / 10.0 : 0;
    double nearDepth =
        ctx.components() > NEAR ? Math.min(10, Math.max(0, ctx.depth(NEAR))) / 10.0 : 0;
    int previous = length > 0 ? TokenCodec.word(history[length - 1]) : Vocabulary.BOS;
    int previousKind = length > 0 ? kinds.kind(previous) : Kinds.PUNCTUATION;
    Usage usage = Usage.scan(ids, history, length, kinds);
    for (int i = 0; i < k; i++) {
      double[] r = x[i];
      int w = ids[i];
      double p = ctx.prob(w, comp);
      r[LOG_P] = Math.log(Math.max(FLOOR, p));
      for (int m = 0; m < COMPONENTS; m++) {
        r[LOG_COMPONENT + m] = Math.log(Math.max(FLOOR, m < components ? comp[m] : 0));
      }
      r[LOG_RANK] = Math.log(1 + i);
      r[STATIC_BY_DEPTH] = r[LOG_COMPONENT] * staticDepth;
      r[FILE_BY_DEPTH] = r[LOG_COMPONENT + FILE] * fileDepth;
      r[NEAR_BY_DEPTH] = r[LOG_COMPONENT + NEAR] * nearDepth;
      int kind = kinds.kind(w);
      if (kind < Kinds.MEMBER_ACCESS) {
        r[KIND + kind] = 1;
        r[KIND_AFTER + kind * 5 + previousKind] = 1;
      }
      if (kind == Kinds.IDENTIFIER) {
        for (int m = 0; m < COMPONENTS; m++) {
          r[IDENTIFIER_COMPONENT + m] = r[LOG_COMPONENT + m];
        }
      }
      if (usage.last[i] >= 0) {
        double d = length - usage.last[i];
        r[RECENCY_20] = Math.exp(-d / 20);
        r[RECENCY_200] = Math.exp(-d / 200);
        r[USED_BEFORE] = 1;
        r[LOG_COUNT] = Math.log(1 + usage.count[i]);
      }
      if (usage.declaredIn[i] >= 0) {
        r[DECLARED] = 1;
        r[IN_SCOPE] = usage.open(usage.declaredIn[i]) ? 1 : 0;
      }
      r[REPEATS_PREVIOUS] = w == previous ? 1 : 0;
      for (int n = 0; n < 3; n++) {
        r[COPIES + n] = usage.successor[n] == w ? 1 : 0;
      }
    }
    return x;
  }

  /**
   * Where the candidates were used and declared in the window, and the blocks still open. Braces
   * only open and close blocks: a brace candidate gets no usage features (as measured in the
   * figures of docs/EMBEDDED-MODEL.md).
   */
  private static final class Usage {
    final int[] last;
    final int[] count;
    final int[] declaredIn;

    /**
     * The token that followed the last 1, 2 and 3 tokens of the history where they last occurred
     * before (-1 if they did not).
     */
    final int[] successor = {-1, -1, -1};

    int[] blocks = new int[16];
    int depth;

    private Usage(int k) {
      last = new int[k];
      count = new int[k];
      declaredIn = new int[k];
      Arrays.fill(last, -1);
      Arrays.fill(declaredIn, -1);
    }

    static Usage scan(int[] ids, int[] history, int length, Kinds kinds) {
      Usage u = new Usage(ids.length);
      int nextBlock = 1; // block 0: the window's start, always open
      int p1 = length > 0 ? TokenCodec.word(history[length - 1]) : -1;
      int p2 = length > 1 ? TokenCodec.word(history[length - 2]) : -1;
      int p3 = length > 2 ? TokenCodec.word(history[length - 3]) : -1;
      int from = Math.max(0, length - WINDOW);
      for (int j = from; j < length; j++) {
        int t = TokenCodec.word(history[j]);
        if (j + 1 < length && t == p1) {
          int next = TokenCodec.word(history[j + 1]);
          u.successor[0] = next;
          if (j > from && TokenCodec.word(history[j - 1]) == p2) {
            u.successor[1] = next;
            if (j - 1 > from && TokenCodec.word(history[j - 2]) == p3) {
              u.successor[2] = next;
            }
          }
        }
        if (t == kinds.openBrace) {
          if (u.depth + 1 == u.blocks.length) {
            u.blocks = Arrays.copyOf(u.blocks, u.blocks.length * 2);
          }
          u.blocks[++u.depth] = nextBlock++;
          continue;
        }
        if (t == kinds.closeBrace) {
          if (u.depth > 0) {
            u.depth--;
          }
          continue;
        }
        for (int c = 0; c < ids.length; c++) {
          if (ids[c] == t) {
            u.last[c] = j;
            u.count[c]++;
            if (kinds.declares(history, j, length)) {
              u.declaredIn[c] = u.blocks[u.depth];
            }
            break;
          }
        }
      }
      return u;
    }

    boolean open(int block) {
      for (int i = 0; i <= depth; i++) {
        if (blocks[i] == block) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The token kinds of a vocabulary, computed from the token text (identifier, keyword, literal,
   * member access, other punctuation), and the ids the declaration and scope features need.
   * Immutable; thread-safe as the vocabulary is.
   */
  public static final class Kinds {
    public static final int IDENTIFIER = 0;
    public static final int KEYWORD = 1;
    public static final int LITERAL = 2;
    public static final int MEMBER_ACCESS = 3;
    public static final int PUNCTUATION = 4;

    private static final Set<String> TYPE_KEYWORDS =
        Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void", "var");
    private static final Set<String> INTRODUCERS =
        Set.of("class", "interface", "enum", "record", "def");
    private static final Set<String> AFTER_DECLARED_NAME = Set.of("=", ";", ",", ")", ":", "(");
    private static final Set<String> TYPE_ENDS = Set.of(">", "]");

    private final Vocabulary vocab;
    private final Set<String> keywords;
    final int openBrace;
    final int closeBrace;

    public Kinds(Vocabulary vocab, Language language) {
      this.vocab = vocab;
      this.keywords = language.keywords();
      this.openBrace = known(vocab.lookup("{"));
      this.closeBrace = known(vocab.lookup("}"));
    }

    private static int known(int id) {
      return id == Vocabulary.UNK ? -2 : id;
    }

    /** The kind of token {@code id}. */
    public int kind(int id) {
      if (id <= Vocabulary.BOS) {
        return PUNCTUATION;
      }
      return kindOf(vocab.word(id));
    }

    int kindOf(String word) {
      if (word.isEmpty()) {
        return PUNCTUATION;
      }
      char c = word.charAt(0);
      if (word.startsWith("<") && word.length() > 2 && word.endsWith(">")) {
        return LITERAL; // <str>, <chr>
      }
      if (Character.isDigit(c)
          || (c == '.' && word.length() > 1 && Character.isDigit(word.charAt(1)))) {
        return LITERAL;
      }
      if (Character.isJavaIdentifierStart(c)) {
        return keywords.contains(word) ? KEYWORD : IDENTIFIER;
      }
      return word.equals(".") || word.equals("::") || word.equals("?.")
          ? MEMBER_ACCESS
          : PUNCTUATION;
    }

    /**
     * Whether the identifier at {@code history[j]} is declared there: it follows a type (an
     * identifier, a primitive type, {@code >} or {@code ]}) and comes before {@code = ; , ) : (},
     * or it follows {@code class}, {@code def} and the like.
     */
    boolean declares(int[] history, int j, int length) {
      if (j < 1 || kind(TokenCodec.word(history[j])) != IDENTIFIER) {
        return false;
      }
      String before = vocab.word(TokenCodec.word(history[j - 1]));
      if (INTRODUCERS.contains(before)) {
        return true;
      }
      boolean afterType =
          TYPE_KEYWORDS.contains(before)
              || TYPE_ENDS.contains(before)
              || kind(TokenCodec.word(history[j - 1])) == IDENTIFIER;
      return afterType
          && j + 1 < length
          && AFTER_DECLARED_NAME.contains(vocab.word(TokenCodec.word(history[j + 1])));
    }
  }

  /**
   * One training list: the candidates' feature vectors, row after row ({@link #SIZE} each), and the
   * index of the right one.
   */
  public record Example(float[] features, int right) {
    public Example {
      if (features.length % SIZE != 0 || right < 0 || right >= features.length / SIZE) {
        throw new IllegalArgumentException("bad example");
      }
    }

    /** Builds an example from {@link #features} rows. */
    public static Example of(double[][] rows, int right) {
      float[] f = new float[rows.length * SIZE];
      for (int i = 0; i < rows.length; i++) {
        for (int a = 0; a < SIZE; a++) {
          f[i * SIZE + a] = (float) rows[i][a];
        }
      }
      return new Example(f, right);
    }

    int size() {
      return features.length / SIZE;
    }
  }

  /** Mean negative log-likelihood of the right candidates under {@code w}, plus L2. */
  public static double loss(List<Example> examples, double[] w, double l2) {
    double loss = 0;
    for (Example e : examples) {
      double[] p = Softmax.of(scores(e, w));
      loss -= Math.log(Math.max(1e-300, p[e.right()]));
    }
    double reg = 0;
    for (double v : w) {
      reg += v * v;
    }
    return loss / Math.max(1, examples.size()) + 0.5 * l2 * reg;
  }

  private static double[] scores(Example e, double[] w) {
    float[] f = e.features();
    double[] s = new double[e.size()];
    for (int i = 0; i < s.length; i++) {
      double v = 0;
      for (int a = 0, o = i * SIZE; a < SIZE; a++) {
        v += w[a] * f[o + a];
      }
      s[i] = v;
    }
    return s;
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
      double[] mean = new double[d];
      double[] xi = new double[d];
      for (Example e : examples) {
        float[] f = e.features();
        double[] p = Softmax.of(scores(e, w));
        Arrays.fill(mean, 0);
        for (int i = 0; i < p.length; i++) {
          for (int a = 0, o = i * d; a < d; a++) {
            mean[a] += p[i] * f[o + a];
          }
        }
        for (int a = 0, o = e.right() * d; a < d; a++) {
          grad[a] += mean[a] - f[o + a];
        }
        // Hessian of one list: Σ p_i (x_i − mean)(x_i − mean)ᵀ, upper triangle
        for (int i = 0; i < p.length; i++) {
          if (p[i] < 1e-12) {
            continue;
          }
          for (int a = 0, o = i * d; a < d; a++) {
            xi[a] = f[o + a] - mean[a];
          }
          for (int a = 0; a < d; a++) {
            double pa = p[i] * xi[a];
            if (pa == 0) {
              continue;
            }
            double[] row = hess[a];
            for (int b = a; b < d; b++) {
              row[b] += pa * xi[b];
            }
          }
        }
      }
      NewtonStep step =
          NewtonStep.take(
              w,
              current,
              grad,
              hess,
              n,
              l2,
              NextTokenReranker::solveSymmetric,
              x -> loss(examples, x, l2));
      w = step.weights();
      current = step.loss();
      if (!step.improved()) {
        break;
      }
    }
    return w;
  }

  /**
   * Solves {@code a·x = b} for a symmetric positive semi-definite {@code a} by a Cholesky
   * factorisation; a pivot that vanishes (a direction no example moves) gets a zero component.
   */
  static double[] solveSymmetric(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    boolean[] dead = new boolean[n];
    for (int j = 0; j < n; j++) {
      double s = a[j][j];
      for (int k = 0; k < j; k++) {
        s -= l[j][k] * l[j][k];
      }
      if (s <= 1e-12 * Math.max(1, Math.abs(a[j][j]))) {
        dead[j] = true;
        continue;
      }
      double djj = Math.sqrt(s);
      l[j][j] = djj;
      for (int i = j + 1; i < n; i++) {
        double v = a[i][j];
        for (int k = 0; k < j; k++) {
          v -= l[i][k] * l[j][k];
        }
        l[i][j] = v / djj;
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      if (dead[i]) {
        continue;
      }
      double v = b[i];
      for (int k = 0; k < i; k++) {
        v -= l[i][k] * y[k];
      }
      y[i] = v / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      if (dead[i]) {
        continue;
      }
      double v = y[i];
      for (int k = i + 1; k < n; k++) {
        v -= l[k][i] * x[k];
      }
      x[i] = v / l[i][i];
    }
    return x;
  }
}

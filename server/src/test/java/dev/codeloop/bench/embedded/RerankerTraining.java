package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.WordReranker;
import dev.codeloop.model.embedded.lm.Softmax;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Trains the menu's re-ranker ({@link WordReranker}) and the ghost text's calibration offline from
 * the candidate lists {@link MenuBenchmark} dumps on the <b>validation</b> split ({@code
 * -Dsplit=validation -Ddump=/tmp/rank}), and writes the weights resource the server reads ({@code
 * -Dout=server/src/main/resources/dev/codeloop/model/embedded/reranker-java.txt}). For each part
 * (nothing typed; a word begun) it first reports a two-fold cross-validation (train on the odd
 * files, score the even ones, and back) of the shipped weights, a linear re-ranker and the linear
 * one with a hidden layer, then trains on all: the linear weights by Newton's method ({@link
 * WordReranker#train}), then a layer of {@code tanh} units over the best {@link
 * WordReranker#RESCORED} candidates by Adam on the same softmax loss, then the gate.
 *
 * <pre>
 * ./mvnw -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.embedded.RerankerTraining -Dexec.args="/tmp/rank-python.bin"
 * </pre>
 *
 * The keyword re-ranker ({@link WordReranker#keywordsFor}, {@code keywords-<language>.txt}) is
 * trained the same way on dumps that hold keyword positions too ({@code MenuBenchmark
 * -Dkeywords=true}): its typed part with {@code -Dretrain=typed} on typed dumps, its nothing-typed
 * part with {@code -Dretrain=none} on nothing-typed ones, and the two outputs' lines of those parts
 * put together (docs/EMBEDDED-MODEL.md, "The keyword re-ranker").
 *
 * <p>The gate of a begun word that ships is not the one this writes: its {@code typed.threshold} is
 * then set where the validation split's protocol ({@code MenuBenchmark -Dsplit=validation
 * -DminTyped=1 -DmaxTyped=1}) has the ghost text right 85 % of the time (docs/EMBEDDED-MODEL.md,
 * "The ghost text's gate after one character"); redo that after retraining.
 *
 * <p>Options: {@code -Dl2=} (the linear weights' penalty, default 1e-3), {@code -Dprecision=} (the
 * ghost text's target, default 0.82), {@code -Dunits=} (hidden units, default 32; 0 for a linear
 * re-ranker), {@code -Depochs=} (default 12), {@code -Drate=} (Adam's, default 0.003), {@code
 * -Dcal=three} (the gate reads the top word's probability, margin and model probability only, not
 * its features), {@code -Ddrop=f1,f2} (an ablation: the named features zeroed), {@code -Dscored=n}
 * (only the first {@code n} dump files are split into the folds and scored; the others are added to
 * every training fold: how much more lists help), {@code -Dcompare=f1,f2} (the named features'
 * worth, paired; {@code f1,f2;f3} weighs each group separated by {@code ;} on its own: in each fold
 * a second ranker is trained with them zeroed and both score the same held-out lists; prints the
 * lists only one of them ranks right and a two-sided sign test, so a difference of half a point can
 * be told from the folds' noise), {@code -Dseeds=n} (the hidden layer is the average of {@code n}
 * layers trained from different seeds, written as one layer of {@code n × units} units; the folds
 * compare it with the first seed's alone, paired).
 */
public final class RerankerTraining {
  private RerankerTraining() {}

  /**
   * The language of a dump, by its name ({@code MenuBenchmark} writes {@code <prefix>-<id>.bin},
   * the id an LSP language id); Java's when the name holds none.
   */
  static dev.codeloop.model.embedded.lex.Language dumpLanguage(String dump) {
    String id = dump.substring(dump.lastIndexOf('-') + 1).replaceFirst("\\.bin$", "");
    var language = dev.codeloop.model.embedded.lex.Language.fromLanguageId(id);
    return language == dev.codeloop.model.embedded.lex.Language.GENERIC
        ? dev.codeloop.model.embedded.lex.Language.JAVA
        : language;
  }

  /** One dumped list. */
  record Position(int file, int typed, int right, double[][] x) {
    List<double[]> rows() {
      return Arrays.asList(x);
    }
  }

  public static void main(String[] args) throws IOException {
    double l2 = Double.parseDouble(System.getProperty("l2", "1e-3"));
    double precision = Double.parseDouble(System.getProperty("precision", "0.82"));
    int units = Integer.getInteger("units", 32);
    int seeds = Integer.getInteger("seeds", 1);
    // -Dtrees=N: N boosted trees on top of the hidden layer (TreeTraining; -DtreeTop, -DtreeDepth,
    // -DtreeRate, -DtreeLambda, -DtreeMinHessian)
    // -DtreesFor=none|typed|both (default both): the parts that get them
    TreeTraining.Settings boosting = TreeTraining.Settings.fromProperties();
    String treesFor = parts("treesFor");
    List<Position> all = readAll(args);
    String drop = System.getProperty("drop", "");
    if (!drop.isEmpty()) {
      for (int j : features(drop, "-Ddrop")) {
        for (Position p : all) {
          for (double[] x : p.x()) {
            x[j] = 0;
          }
        }
      }
      print("dropped features: %s", drop);
    }
    List<List<Integer>> compare = compareGroups(System.getProperty("compare", ""));
    int scored = Integer.getInteger("scored", args.length);
    WordReranker shipped = WordReranker.forLanguage(dumpLanguage(args[0]));
    print("%d lists from %s", all.size(), String.join(", ", args));
    WordReranker.Part[] parts = new WordReranker.Part[2];
    // -Dretrain=none|typed|both (default both): a part not retrained is the shipped one, as it is
    String retrain = parts("retrain");
    for (int k = 0; k < 2; k++) {
      boolean begun = k == 1;
      String name = begun ? "a word begun" : "nothing typed";
      if (!covers(retrain, begun)) {
        parts[k] = shipped.part(begun);
        print("%s: the shipped part, not retrained", name);
        continue;
      }
      List<Position> lists = all.stream().filter(p -> (p.typed() > 0) == begun).toList();
      WordReranker.Part current = shipped.part(begun);
      TreeTraining.Settings trees = covers(treesFor, begun) ? boosting : boosting.withRounds(0);
      double[] start = current.weights();
      // with -Dscored=n, only the first n dumps form the folds; the others join every training fold
      List<Position> folded = lists.stream().filter(p -> p.file() < 1_000_000 * scored).toList();
      List<Position> extra = lists.stream().filter(p -> p.file() >= 1_000_000 * scored).toList();
      List<Position> even = folded.stream().filter(p -> p.file() % 2 == 0).toList();
      List<Position> odd = folded.stream().filter(p -> p.file() % 2 == 1).toList();
      // the gate is fitted on out-of-fold scores: a list scored by the part trained on the other
      // files, as the shipped part will score the user's code (in-sample scores are overconfident)
      List<Ghost> outOfFold = new ArrayList<>();
      for (int fold = 0; fold < 2; fold++) {
        List<Position> train = new ArrayList<>(fold == 0 ? odd : even);
        train.addAll(extra);
        List<Position> test = fold == 0 ? even : odd;
        String label =
            String.format(Locale.ROOT, "%s, trained on %s", name, fold == 0 ? "odd" : "even");
        WordReranker.Part linear = part(train, start, l2, 0);
        WordReranker.Part hidden = part(train, start, l2, units);
        report(label + ", shipped", test, current);
        report(label + ", linear", test, linear);
        report(label + ", linear + " + units + " units", test, hidden);
        // what is written: one layer, or (-Dseeds) the average of several
        WordReranker.Part chosen = hidden;
        if (seeds > 1) {
          chosen = part(train, start, l2, units, Integer.getInteger("epochs", 12), seeds);
          report(label + ", " + seeds + " layers averaged", test, chosen);
          paired(label + ", " + seeds + " layers averaged / one", test, chosen, test, hidden);
        }
        if (trees.rounds() > 0) {
          WordReranker.Part boosted = TreeTraining.train(train, chosen, trees);
          report(label + ", + " + trees.rounds() + " trees", test, boosted);
          paired(label + ", with / without trees", test, boosted, test, chosen);
          chosen = boosted;
        }
        WordReranker.Part gated =
            chosen.withGate(calibrate(ghosts(train, chosen), precision, begun ? 1 : 0));
        outOfFold.addAll(ghosts(test, chosen));
        for (List<Integer> group : compare) {
          WordReranker.Part without = part(zeroed(train, group), start, l2, units);
          paired(
              label + ", with / without " + names(group),
              test,
              hidden,
              zeroed(test, group),
              without);
        }
        evaluateGhost(label + ", shipped", test, current);
        evaluateGhost(
            label
                + ", linear + "
                + units
                + " units"
                + (seeds > 1 ? " × " + seeds : "")
                + ", gate in-sample",
            test,
            gated);
      }
      WordReranker.Part trained =
          TreeTraining.train(
              lists, part(lists, start, l2, units, Integer.getInteger("epochs", 12), seeds), trees);
      parts[k] = trained.withGate(calibrate(outOfFold, precision, begun ? 1 : 0));
      report(name + ", trained on all (in-sample)", lists, parts[k]);
      evaluateGhost(name + ", trained on all (in-sample), gate out-of-fold", lists, parts[k]);
    }
    String out = System.getProperty("out", "");
    if (!out.isEmpty()) {
      String header =
          String.format(
              Locale.ROOT,
              "# WordReranker's weights, written by RerankerTraining from the MenuBenchmark dumps"
                  + " %s (%d lists): %s hidden units, L2 %s, %s, gate for %.0f %% right%s%n",
              String.join(
                  ", ",
                  java.util.Arrays.stream(args)
                      .map(a -> Path.of(a).getFileName().toString())
                      .toList()),
              all.size(),
              seeds > 1 ? seeds + " layers of " + units + " averaged: " + seeds * units : units,
              l2,
              boosting.rounds() == 0
                  ? "no trees"
                  : String.format(
                      Locale.ROOT,
                      "%d trees (%s) of depth %d over the best %d (rate %s, lambda %s, min"
                          + " hessian %s, not reading %s)",
                      boosting.rounds(),
                      treesWhere(treesFor, retrain),
                      boosting.depth(),
                      boosting.top(),
                      boosting.rate(),
                      boosting.lambda(),
                      boosting.minHessian(),
                      boosting.skippedNames()),
              100 * precision,
              retrain.equals("both")
                  ? ""
                  : "; only part " + retrain + " retrained, the other as shipped before");
      Files.writeString(Path.of(out), header + new WordReranker(parts[0], parts[1]).toText());
      print("wrote %s", out);
    }
  }

  /** The parts a {@code -D<property>=none|typed|both} option names (default both). */
  static String parts(String property) {
    String value = System.getProperty(property, "both");
    if (!List.of("none", "typed", "both").contains(value)) {
      throw new IllegalArgumentException("-D" + property + ": none, typed or both, not " + value);
    }
    return value;
  }

  /** Whether the parts option {@code parts} covers the part of a word begun or not. */
  static boolean covers(String parts, boolean begun) {
    return parts.equals("both") || parts.equals(begun ? "typed" : "none");
  }

  /**
   * Which parts of the written weights have trees, given {@code -DtreesFor} and {@code -Dretrain}.
   */
  static String treesWhere(String treesFor, String retrain) {
    if (treesFor.equals("both")) {
      return retrain.equals("both") ? "both parts" : "part " + retrain + " only";
    }
    return retrain.equals("both") || retrain.equals(treesFor)
        ? "part " + treesFor + " only"
        : "no part retrained here";
  }

  /** Trains one part's scores on {@code lists}: linear weights, then the hidden layer (no gate). */
  static WordReranker.Part part(List<Position> lists, double[] start, double l2, int units) {
    return part(lists, start, l2, units, Integer.getInteger("epochs", 12));
  }

  static WordReranker.Part part(
      List<Position> lists, double[] start, double l2, int units, int epochs) {
    return part(lists, start, l2, units, epochs, 1);
  }

  /**
   * With {@code seeds} > 1 the hidden layer is the average of that many layers trained from
   * different initial weights and list orders (one layer of {@code seeds × units} units).
   */
  static WordReranker.Part part(
      List<Position> lists, double[] start, double l2, int units, int epochs, int seeds) {
    double[] w = train(lists, start, l2);
    double rate = Double.parseDouble(System.getProperty("rate", "0.003"));
    List<WordReranker.Hidden> layers = new ArrayList<>();
    for (int seed = 1; units > 0 && seed <= seeds; seed++) {
      layers.add(HiddenTraining.train(lists, w, units, epochs, rate, seed));
    }
    WordReranker.Hidden hidden =
        layers.isEmpty()
            ? WordReranker.Hidden.NONE
            : layers.size() == 1 ? layers.get(0) : HiddenTraining.average(layers);
    return new WordReranker.Part(w, hidden, WordReranker.Calibration.NEVER);
  }

  static double[] train(List<Position> positions, double[] start, double l2) {
    List<WordReranker.Example> ex = new ArrayList<>();
    for (Position p : positions) {
      if (p.right() >= 0 && p.x().length > 1) {
        ex.add(new WordReranker.Example(p.x(), p.right()));
      }
    }
    double before = WordReranker.loss(ex, start, l2);
    double[] w = WordReranker.train(ex, start, l2, 30);
    print(
        "linear: trained on %d lists: loss %.4f -> %.4f",
        ex.size(), before, WordReranker.loss(ex, w, l2));
    return w;
  }

  /**
   * The feature groups of {@code -Dcompare}: groups separated by {@code ;}, the features of a group
   * by {@code ,} (each group is weighed on its own, all its features zeroed together).
   */
  static List<List<Integer>> compareGroups(String spec) {
    List<List<Integer>> groups = new ArrayList<>();
    for (String g : spec.split(";")) {
      List<Integer> group = features(g, "-Dcompare");
      if (!group.isEmpty()) {
        groups.add(group);
      }
    }
    return groups;
  }

  /**
   * The indices of the features named in {@code names} (comma-separated; {@code option} for
   * errors).
   */
  static List<Integer> features(String names, String option) {
    List<Integer> out = new ArrayList<>();
    for (String f : names.split(",")) {
      if (!f.isBlank()) {
        int j = WordReranker.FEATURES.indexOf(f.strip());
        if (j < 0) {
          throw new IllegalArgumentException("no feature " + f.strip() + " (" + option + ")");
        }
        out.add(j);
      }
    }
    return out;
  }

  private static String names(List<Integer> group) {
    return String.join(",", group.stream().map(WordReranker.FEATURES::get).toList());
  }

  /** Copies of {@code positions} with the features {@code columns} zeroed. */
  static List<Position> zeroed(List<Position> positions, List<Integer> columns) {
    List<Position> out = new ArrayList<>(positions.size());
    for (Position p : positions) {
      double[][] x = new double[p.x().length][];
      for (int i = 0; i < x.length; i++) {
        x[i] = p.x()[i].clone();
        for (int j : columns) {
          x[i][j] = 0;
        }
      }
      out.add(new Position(p.file(), p.typed(), p.right(), x));
    }
    return out;
  }

  /** Whether {@code r} ranks {@code p}'s right word first (as {@link #report} counts it). */
  static boolean first(Position p, WordReranker.Part r) {
    return p.right() >= 0 && above(p, r) == 0;
  }

  /**
   * How many candidates {@code r} ranks above {@code p}'s right word ({@code p.right() >= 0}). A
   * tie goes to the earlier candidate of the dumped list (it holds no last use or word to break
   * ties as WordRanking does).
   */
  static int above(Position p, WordReranker.Part r) {
    double[] s = r.scores(p.rows());
    int right = p.right();
    int better = 0;
    for (int i = 0; i < s.length; i++) {
      if (i != right && (s[i] > s[right] || (s[i] == s[right] && i < right))) {
        better++;
      }
    }
    return better;
  }

  /** {@code " | k typed: …"} for each typed count {@code k} with lists ({@code n[k] > 0}). */
  static String byTyped(int[] n, java.util.function.IntFunction<String> figures) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < n.length; k++) {
      if (n[k] > 0) {
        sb.append(String.format(Locale.ROOT, " | %d typed: ", k)).append(figures.apply(k));
      }
    }
    return sb.toString();
  }

  /**
   * Paired top-1 of two rankers on the same lists ({@code b} scores {@code bLists}, the same lists
   * with other features): per typed count, the lists only {@code a} ranks right, those only {@code
   * b} does, and the two-sided sign test's p-value of that split.
   */
  static void paired(
      String label,
      List<Position> aLists,
      WordReranker.Part a,
      List<Position> bLists,
      WordReranker.Part b) {
    int[] n = new int[3];
    int[] onlyA = new int[3];
    int[] onlyB = new int[3];
    for (int i = 0; i < aLists.size(); i++) {
      Position p = aLists.get(i);
      n[p.typed()]++;
      boolean ra = first(p, a);
      boolean rb = first(bLists.get(i), b);
      if (ra && !rb) {
        onlyA[p.typed()]++;
      } else if (rb && !ra) {
        onlyB[p.typed()]++;
      }
    }
    String figures =
        byTyped(
            n,
            k ->
                String.format(
                    Locale.ROOT,
                    "%+.1f points (%d lists: right only by the first %d, only by the second %d,"
                        + " sign test p = %.3f)",
                    100.0 * (onlyA[k] - onlyB[k]) / n[k],
                    n[k],
                    onlyA[k],
                    onlyB[k],
                    signTest(onlyA[k], onlyB[k])));
    print("%s%s", label, figures);
  }

  /**
   * Two-sided exact sign test: the chance of a split at least this uneven of {@code a + b} coins.
   */
  static double signTest(int a, int b) {
    int n = a + b;
    int k = Math.min(a, b);
    double tail = 0;
    for (int i = 0; i <= k; i++) {
      tail += Math.exp(logChoose(n, i) - n * Math.log(2));
    }
    return Math.min(1, 2 * tail);
  }

  private static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) {
      s += Math.log(n - k + i) - Math.log(i);
    }
    return s;
  }

  /** Top-1 / top-5 per typed count over all positions (a list without the word is a miss). */
  static void report(String label, List<Position> positions, WordReranker.Part r) {
    int[] n = new int[3];
    int[] top1 = new int[3];
    int[] top5 = new int[3];
    for (Position p : positions) {
      n[p.typed()]++;
      if (p.right() < 0) {
        continue;
      }
      int better = above(p, r);
      if (better == 0) {
        top1[p.typed()]++;
      }
      if (better < 5) {
        top5[p.typed()]++;
      }
    }
    String figures =
        byTyped(
            n,
            k ->
                String.format(
                    Locale.ROOT,
                    "top-1 %.1f %%, top-5 %.1f %%",
                    100.0 * top1[k] / n[k],
                    100.0 * top5[k] / n[k]));
    print("%s%s", label, figures);
  }

  /**
   * Per position with 0 or 1 typed: what the gate reads of the ranked list — the top word's softmax
   * probability, the second's and the top word's features (null for an empty list) — and whether
   * the top word is right.
   */
  record Ghost(int typed, double top, double second, double[] features, boolean right) {
    /**
     * The inputs of the gate's linear score in the order of {@link WordReranker.Calibration}'s
     * weights: log(top), the margin, the model's log probability, then (unless {@code -Dcal=three})
     * the features.
     */
    double[] inputs() {
      double[] f = new double[FULL ? 3 + WordReranker.SIZE : 3];
      f[0] = Math.log(Math.max(1e-9, top));
      f[1] = top - second;
      f[2] = features[0];
      if (FULL) {
        System.arraycopy(features, 0, f, 3, WordReranker.SIZE);
      }
      return f;
    }
  }

  /**
   * The top candidate's features join the calibration's inputs (as shipped), unless {@code
   * -Dcal=three}: its probability, margin and the model's probability only.
   */
  static final boolean FULL = !"three".equals(System.getProperty("cal"));

  static List<Ghost> ghosts(List<Position> positions, WordReranker.Part r) {
    List<Ghost> out = new ArrayList<>();
    for (Position p : positions) {
      if (p.typed() > 1) {
        continue;
      }
      if (p.x().length == 0) {
        out.add(new Ghost(p.typed(), 0, 0, null, false));
        continue;
      }
      double[] s = r.scores(p.rows());
      int best = 0;
      for (int i = 0; i < s.length; i++) {
        if (s[i] > s[best]) {
          best = i;
        }
      }
      double[] prob = Softmax.of(s);
      double second = 0;
      for (int i = 0; i < s.length; i++) {
        if (i != best) {
          second = Math.max(second, prob[i]);
        }
      }
      out.add(new Ghost(p.typed(), prob[best], second, p.x()[best], best == p.right()));
    }
    return out;
  }

  /**
   * Fits a logistic regression of "the top word is right" on the calibration inputs of {@code
   * ghosts} and picks the lowest threshold at which those with {@code typed} characters typed are
   * right at least {@code precision} of the time when shown.
   */
  static WordReranker.Calibration calibrate(List<Ghost> ghosts, double precision, int typed) {
    List<Ghost> g = ghosts.stream().filter(x -> x.features() != null).toList();
    int d = (FULL ? 3 + WordReranker.SIZE : 3) + 1;
    double[] a = new double[d]; // bias, then the inputs
    for (int it = 0; it < 25; it++) {
      double[] grad = new double[d];
      double[][] h = new double[d][d];
      for (Ghost x : g) {
        double[] f = new double[d];
        f[0] = 1;
        System.arraycopy(x.inputs(), 0, f, 1, d - 1);
        double z = 0;
        for (int i = 0; i < d; i++) {
          z += a[i] * f[i];
        }
        double p = 1 / (1 + Math.exp(-z));
        for (int i = 0; i < d; i++) {
          grad[i] += (p - (x.right() ? 1 : 0)) * f[i];
          for (int j = 0; j < d; j++) {
            h[i][j] += p * (1 - p) * f[i] * f[j];
          }
        }
      }
      for (int i = 0; i < d; i++) {
        grad[i] += 1e-2 * a[i];
        h[i][i] += 1e-2;
      }
      double[] step = WordReranker.solve(h, grad);
      for (int i = 0; i < d; i++) {
        a[i] -= step[i];
      }
    }
    WordReranker.Calibration fitted =
        new WordReranker.Calibration(Arrays.copyOfRange(a, 1, d), Double.POSITIVE_INFINITY);
    List<Ghost> here = g.stream().filter(x -> x.typed() == typed).toList();
    double[] scores =
        here.stream().mapToDouble(x -> fitted.score(x.top(), x.second(), x.features())).toArray();
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
    double threshold = Double.POSITIVE_INFINITY;
    int hits = 0;
    for (int i = 0; i < order.length; i++) {
      hits += here.get(order[i]).right() ? 1 : 0;
      boolean tieNext = i + 1 < order.length && scores[order[i + 1]] == scores[order[i]];
      if (!tieNext && i >= 20 && hits >= precision * (i + 1)) {
        threshold = scores[order[i]];
      }
    }
    return new WordReranker.Calibration(fitted.weights(), threshold);
  }

  /** The gate's shown and right shares over the positions with 0 and with 1 typed. */
  static void evaluateGhost(String label, List<Position> positions, WordReranker.Part r) {
    List<Ghost> g = ghosts(positions, r);
    for (int k = 0; k < 2; k++) {
      int n = 0;
      int shown = 0;
      int right = 0;
      for (Ghost x : g) {
        if (x.typed() != k) {
          continue;
        }
        n++;
        if (x.features() != null && r.gate().show(x.top(), x.second(), x.features())) {
          shown++;
          right += x.right() ? 1 : 0;
        }
      }
      if (n > 0) {
        print(
            "%s: ghost, %d typed: shown %.1f %%, right %.1f %% of shown",
            label, k, 100.0 * shown / n, 100.0 * right / Math.max(1, shown));
      }
    }
  }

  /**
   * The lists of every dump named, their file indices kept apart (the folds split by file): the
   * k-th dump's files are numbered from {@code 1_000_000 * k}.
   */
  static List<Position> readAll(String[] dumps) throws IOException {
    List<Position> all = new ArrayList<>();
    for (int k = 0; k < dumps.length; k++) {
      for (Position p : read(Path.of(dumps[k]))) {
        all.add(new Position(p.file() + 1_000_000 * k, p.typed(), p.right(), p.x()));
      }
    }
    return all;
  }

  static List<Position> read(Path file) throws IOException {
    List<Position> out = new ArrayList<>();
    int d = WordReranker.SIZE;
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      while (true) {
        int fileIndex;
        try {
          fileIndex = in.readInt();
        } catch (EOFException e) {
          break;
        }
        int typed = in.readInt();
        int right = in.readInt();
        int n = in.readInt();
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            x[i][j] = in.readFloat();
          }
        }
        out.add(new Position(fileIndex, typed, right, x));
      }
    }
    return out;
  }

  static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}

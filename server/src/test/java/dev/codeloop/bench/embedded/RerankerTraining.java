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
 * -Dsplit=validation -Ddump=/tmp/rank}), and prints the weights to paste into {@code
 * WordReranker.Defaults}. It first reports a two-fold cross-validation (train on the odd files,
 * score the even ones, and back), then trains on all.
 *
 * <pre>
 * ./mvnw -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.embedded.RerankerTraining -Dexec.args="/tmp/rank-python.bin"
 * </pre>
 *
 * Options: {@code -Dl2=} (default 1e-3), {@code -Dprecision=} (the ghost text's target, default
 * 0.8).
 */
public final class RerankerTraining {
  private RerankerTraining() {}

  /** One dumped list. */
  record Position(int file, int typed, int right, double[][] x) {}

  public static void main(String[] args) throws IOException {
    double l2 = Double.parseDouble(System.getProperty("l2", "1e-3"));
    double precision = Double.parseDouble(System.getProperty("precision", "0.8"));
    List<Position> all = read(Path.of(args[0]));
    String drop = System.getProperty("drop", "");
    if (!drop.isEmpty()) {
      // an ablation: the named features are zeroed
      for (String f : drop.split(",")) {
        int j = WordReranker.FEATURES.indexOf(f);
        for (Position p : all) {
          for (double[] x : p.x()) {
            x[j] = 0;
          }
        }
      }
      print("dropped features: %s", drop);
    }
    String only = System.getProperty("typed", "");
    if (!only.isEmpty()) {
      // a model of its own for nothing typed ("0") or for a begun word ("1")
      boolean none = only.equals("0");
      all = all.stream().filter(p -> (p.typed() == 0) == none).toList();
      print("only lists with %s typed", none ? "nothing" : "something");
    }
    print("%d lists from %s", all.size(), args[0]);
    double[] start =
        WordReranker.forLanguage(
                args[0].contains("python")
                    ? dev.codeloop.model.embedded.lex.Language.PYTHON
                    : dev.codeloop.model.embedded.lex.Language.JAVA)
            .part(!only.equals("0"))
            .weights();
    report("current defaults, all", all, start);
    // two-fold cross-validation by file
    List<Position> even = all.stream().filter(p -> p.file() % 2 == 0).toList();
    List<Position> odd = all.stream().filter(p -> p.file() % 2 == 1).toList();
    double[] wOdd = train(odd, start, l2);
    double[] wEven = train(even, start, l2);
    report("current defaults, even files", even, start);
    report("trained on odd, scored on even", even, wOdd);
    report("current defaults, odd files", odd, start);
    report("trained on even, scored on odd", odd, wEven);
    double[] w = train(all, start, l2);
    report("trained on all (in-sample)", all, w);
    StringBuilder sb = new StringBuilder("weights: {");
    for (int i = 0; i < w.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", w[i]));
    }
    print("%s}", sb);
    for (int i = 0; i < w.length; i++) {
      print("  %-16s %8.4f", WordReranker.FEATURES.get(i), w[i]);
    }
    // the ghost text's calibration: cross-validated, then on all
    double[] calOdd = calibrate(odd, wOdd, precision, "odd");
    evaluateGhost("calibrated on odd, scored on even", even, wOdd, calOdd);
    double[] calEven = calibrate(even, wEven, precision, "even");
    evaluateGhost("calibrated on even, scored on odd", odd, wEven, calEven);
    double[] cal = calibrate(all, w, precision, "all");
    evaluateGhost("calibrated on all (in-sample)", all, w, cal);
    StringBuilder c = new StringBuilder();
    for (int i = 0; i < cal.length - 2; i++) {
      c.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", cal[i]));
    }
    print(
        "new Part(new double[] {%s}, new Calibration(new double[] {%s}, %.4f))",
        sb.substring("weights: {".length()), c, cal[cal.length - (only.equals("0") ? 2 : 1)]);
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
        "trained on %d lists: loss %.4f -> %.4f", ex.size(), before, WordReranker.loss(ex, w, l2));
    return w;
  }

  /** Top-1 / top-5 per typed count over all positions (a list without the word is a miss). */
  static void report(String label, List<Position> positions, double[] w) {
    WordReranker.Part r = new WordReranker.Part(w, WordReranker.Calibration.NEVER);
    int[] n = new int[3];
    int[] top1 = new int[3];
    int[] top5 = new int[3];
    for (Position p : positions) {
      n[p.typed()]++;
      if (p.right() < 0) {
        continue;
      }
      double s = r.score(p.x()[p.right()]);
      int better = 0;
      for (int i = 0; i < p.x().length; i++) {
        if (i != p.right() && r.score(p.x()[i]) >= s) {
          better++;
        }
      }
      if (better == 0) {
        top1[p.typed()]++;
      }
      if (better < 5) {
        top5[p.typed()]++;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < 3; k++) {
      sb.append(
          String.format(
              Locale.ROOT,
              " | %d typed: top-1 %.1f %%, top-5 %.1f %%",
              k,
              100.0 * top1[k] / Math.max(1, n[k]),
              100.0 * top5[k] / Math.max(1, n[k])));
    }
    print("%s%s", label, sb);
  }

  /** Per position with 0 or 1 typed: calibration inputs and whether the top word is right. */
  record Ghost(int typed, double[] f, boolean right) {}

  /** With {@code -Dcal=full}: the top candidate's features join the calibration's inputs. */
  static final boolean FULL = "full".equals(System.getProperty("cal"));

  static List<Ghost> ghosts(List<Position> positions, double[] w) {
    WordReranker.Part r = new WordReranker.Part(w, WordReranker.Calibration.NEVER);
    List<Ghost> out = new ArrayList<>();
    for (Position p : positions) {
      if (p.typed() > 1) {
        continue;
      }
      if (p.x().length == 0) {
        out.add(new Ghost(p.typed(), null, false));
        continue;
      }
      double[] s = new double[p.x().length];
      int best = 0;
      for (int i = 0; i < s.length; i++) {
        s[i] = r.score(p.x()[i]);
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
      double[] f = new double[FULL ? 3 + WordReranker.SIZE : 3];
      f[0] = Math.log(Math.max(1e-9, prob[best]));
      f[1] = prob[best] - second;
      f[2] = p.x()[best][0];
      if (FULL) {
        System.arraycopy(p.x()[best], 0, f, 3, WordReranker.SIZE);
      }
      out.add(new Ghost(p.typed(), f, best == p.right()));
    }
    return out;
  }

  /**
   * Fits a logistic regression of "the top word is right" on the calibration inputs and picks, for
   * nothing typed and for one typed, the lowest threshold whose shown positions are right at least
   * {@code precision} of the time.
   *
   * @return the weights (no bias) followed by the two thresholds
   */
  static double[] calibrate(List<Position> positions, double[] w, double precision, String label) {
    List<Ghost> g = ghosts(positions, w).stream().filter(x -> x.f() != null).toList();
    int d = g.isEmpty() ? 3 : g.get(0).f().length + 1;
    double[] a = new double[d]; // bias, then the inputs
    for (int it = 0; it < 25; it++) {
      double[] grad = new double[d];
      double[][] h = new double[d][d];
      for (Ghost x : g) {
        double[] f = new double[d];
        f[0] = 1;
        System.arraycopy(x.f(), 0, f, 1, d - 1);
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
    double[] out = new double[d + 1];
    System.arraycopy(a, 1, out, 0, d - 1);
    for (int k = 0; k < 2; k++) {
      int typed = k;
      double[] scores =
          g.stream().filter(x -> x.typed() == typed).mapToDouble(x -> dot(out, x.f())).toArray();
      boolean[] right =
          toBooleans(g.stream().filter(x -> x.typed() == typed).map(Ghost::right).toList());
      Integer[] order = new Integer[scores.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
      double threshold = Double.POSITIVE_INFINITY;
      int hits = 0;
      for (int i = 0; i < order.length; i++) {
        hits += right[order[i]] ? 1 : 0;
        boolean tieNext = i + 1 < order.length && scores[order[i + 1]] == scores[order[i]];
        if (!tieNext && i >= 20 && hits >= precision * (i + 1)) {
          threshold = scores[order[i]];
        }
      }
      out[d - 1 + k] = threshold;
    }
    print(
        "calibration on %s: logistic bias %.3f, weights %s; thresholds %.4f / %.4f",
        label, a[0], Arrays.toString(Arrays.copyOf(out, d - 1)), out[d - 1], out[d]);
    return out;
  }

  private static double dot(double[] w, double[] f) {
    double s = 0;
    for (int i = 0; i < f.length; i++) {
      s += w[i] * f[i];
    }
    return s;
  }

  static void evaluateGhost(String label, List<Position> positions, double[] w, double[] cal) {
    List<Ghost> g = ghosts(positions, w);
    int d = cal.length - 2;
    for (int k = 0; k < 2; k++) {
      int n = 0;
      int shown = 0;
      int right = 0;
      for (Ghost x : g) {
        if (x.typed() != k) {
          continue;
        }
        n++;
        if (x.f() == null) {
          continue;
        }
        if (dot(cal, x.f()) >= cal[d + k]) {
          shown++;
          right += x.right() ? 1 : 0;
        }
      }
      print(
          "%s: ghost, %d typed: shown %.1f %%, right %.1f %% of shown",
          label, k, 100.0 * shown / Math.max(1, n), 100.0 * right / Math.max(1, shown));
    }
  }

  private static boolean[] toBooleans(List<Boolean> list) {
    boolean[] out = new boolean[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
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

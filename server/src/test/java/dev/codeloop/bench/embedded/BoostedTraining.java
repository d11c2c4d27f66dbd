package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.WordReranker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Gradient-boosted regression trees on top of the menu re-ranker's score: each list's best {@code
 * K} candidates by the re-ranker (linear + hidden layer) get a correction learned listwise (the
 * softmax loss's gradient and diagonal Hessian, Newton leaves), from the same features plus the
 * re-ranker's own score, its rank and margin. An experiment: {@code RerankerTraining}'s folds by
 * file, the re-ranker trained per fold, then the trees on the same training fold.
 */
final class BoostedTraining {
  static final int D = WordReranker.SIZE;

  /** Tree features: the re-ranker's features, then its score, its rank in the list, its margin. */
  static final int F = D + 3;

  private BoostedTraining() {}

  /** A regression tree over raw feature values: internal nodes have feature ≥ 0. */
  record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
    double score(double[] x) {
      int n = 0;
      while (feature[n] >= 0) {
        n = x[feature[n]] <= threshold[n] ? left[n] : right[n];
      }
      return value[n];
    }
  }

  /** One list's best K rows: tree features, base scores, the right one (or -1). */
  record Cut(double[][] x, double[] base, int right, int typed) {}

  static Cut cut(RerankerTraining.Position p, WordReranker.Part part, int k) {
    double[] s = part.scores(p.rows());
    int[] order = dev.codeloop.model.embedded.lm.ScoreOrder.descending(s);
    int n = Math.min(k, order.length);
    double[][] x = new double[n][];
    double[] base = new double[n];
    int right = -1;
    double best = s[order[0]];
    for (int r = 0; r < n; r++) {
      int i = order[r];
      double[] row = Arrays.copyOf(p.x()[i], F);
      row[D] = s[i];
      row[D + 1] = r;
      row[D + 2] = s[i] - best;
      x[r] = row;
      base[r] = s[i];
      if (i == p.right()) {
        right = r;
      }
    }
    return new Cut(x, base, right, p.typed());
  }

  /** Quantile cut points per feature (at most {@code bins - 1}). */
  static double[][] cuts(List<Cut> lists, int bins) {
    double[][] out = new double[F][];
    for (int f = 0; f < F; f++) {
      List<Double> values = new ArrayList<>();
      int step = 1;
      long rows = lists.stream().mapToLong(c -> c.x().length).sum();
      if (rows > 300_000) {
        step = (int) (rows / 300_000);
      }
      int i = 0;
      for (Cut c : lists) {
        for (double[] row : c.x()) {
          if (i++ % step == 0) {
            values.add(row[f]);
          }
        }
      }
      double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] distinct = Arrays.stream(v).distinct().toArray();
      if (distinct.length <= bins) {
        // thresholds between distinct values
        double[] t = new double[Math.max(0, distinct.length - 1)];
        for (int j = 0; j < t.length; j++) {
          t[j] = (distinct[j] + distinct[j + 1]) / 2;
        }
        out[f] = t;
      } else {
        double[] t = new double[bins - 1];
        int m = 0;
        for (int j = 1; j < bins; j++) {
          double q = v[(int) ((long) j * v.length / bins)];
          if (m == 0 || q > t[m - 1]) {
            t[m++] = q;
          }
        }
        out[f] = Arrays.copyOf(t, m);
      }
    }
    return out;
  }

  static final class Data {
    final int rows;
    final byte[] bin; // rows × F
    final int[] listOf;
    final int[] start; // per list
    final int[] right; // per list: row index of the right one, -1 none
    final double[] score;

    Data(List<Cut> lists, double[][] cuts) {
      int n = 0;
      for (Cut c : lists) {
        n += c.x().length;
      }
      rows = n;
      bin = new byte[n * F];
      listOf = new int[n];
      start = new int[lists.size() + 1];
      right = new int[lists.size()];
      score = new double[n];
      int r = 0;
      for (int l = 0; l < lists.size(); l++) {
        Cut c = lists.get(l);
        start[l] = r;
        right[l] = c.right() < 0 ? -1 : r + c.right();
        for (int i = 0; i < c.x().length; i++, r++) {
          listOf[r] = l;
          score[r] = c.base()[i];
          for (int f = 0; f < F; f++) {
            int b = Arrays.binarySearch(cuts[f], c.x()[i][f]);
            // value ≤ t[b] goes to bin b
            bin[r * F + f] = (byte) (b >= 0 ? b : -b - 1);
          }
        }
      }
      start[lists.size()] = r;
    }
  }

  static List<Tree> train(
      List<Cut> lists, int rounds, int depth, double eta, double lambda, double minHess) {
    List<Cut> useful = lists.stream().filter(c -> c.right() >= 0 && c.x().length > 1).toList();
    double[][] cuts = cuts(useful, 64);
    Data d = new Data(useful, cuts);
    double[] g = new double[d.rows];
    double[] h = new double[d.rows];
    List<Tree> trees = new ArrayList<>();
    int lists1 = useful.size();
    for (int round = 0; round < rounds; round++) {
      double loss = 0;
      for (int l = 0; l < lists1; l++) {
        int a = d.start[l];
        int b = d.start[l + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int r = a; r < b; r++) {
          max = Math.max(max, d.score[r]);
        }
        double z = 0;
        for (int r = a; r < b; r++) {
          z += Math.exp(d.score[r] - max);
        }
        for (int r = a; r < b; r++) {
          double p = Math.exp(d.score[r] - max) / z;
          double y = r == d.right[l] ? 1 : 0;
          g[r] = p - y;
          h[r] = Math.max(p * (1 - p), 1e-6);
        }
        loss -= d.score[d.right[l]] - max - Math.log(z);
      }
      if (round % 20 == 0 || round == rounds - 1) {
        RerankerTraining.print("  round %d: loss %.4f", round, loss / lists1);
      }
      Tree t = grow(d, cuts, g, h, depth, eta, lambda, minHess);
      trees.add(t);
      // update scores through the tree on bins
      for (int r = 0; r < d.rows; r++) {
        d.score[r] += scoreBins(t, d.bin, r, cuts);
      }
    }
    return trees;
  }

  private static double scoreBins(Tree t, byte[] bin, int r, double[][] cuts) {
    int n = 0;
    while (t.feature()[n] >= 0) {
      int f = t.feature()[n];
      // threshold is cuts[f][b]: bin ≤ b goes left
      int b = Arrays.binarySearch(cuts[f], t.threshold()[n]);
      n = (bin[r * F + f] & 0xff) <= b ? t.left()[n] : t.right()[n];
    }
    return t.value()[n];
  }

  private static Tree grow(
      Data d,
      double[][] cuts,
      double[] g,
      double[] h,
      int depth,
      double eta,
      double lambda,
      double minHess) {
    List<int[]> feature = new ArrayList<>();
    int cap = (1 << (depth + 1));
    int[] feat = new int[cap];
    double[] thr = new double[cap];
    int[] left = new int[cap];
    int[] right = new int[cap];
    double[] value = new double[cap];
    int[] all = IntStream.range(0, d.rows).toArray();
    int[] count = {0};
    build(d, cuts, g, h, all, depth, eta, lambda, minHess, feat, thr, left, right, value, count);
    int n = count[0];
    return new Tree(
        Arrays.copyOf(feat, n),
        Arrays.copyOf(thr, n),
        Arrays.copyOf(left, n),
        Arrays.copyOf(right, n),
        Arrays.copyOf(value, n));
  }

  private static int build(
      Data d,
      double[][] cuts,
      double[] g,
      double[] h,
      int[] rows,
      int depth,
      double eta,
      double lambda,
      double minHess,
      int[] feat,
      double[] thr,
      int[] left,
      int[] right,
      double[] value,
      int[] count) {
    int node = count[0]++;
    double gs = 0;
    double hs = 0;
    for (int r : rows) {
      gs += g[r];
      hs += h[r];
    }
    feat[node] = -1;
    value[node] = -eta * gs / (hs + lambda);
    if (depth == 0 || hs < 2 * minHess) {
      return node;
    }
    // histograms, features in parallel
    double parent = gs * gs / (hs + lambda);
    double gsum = gs;
    double hsum = hs;
    double[] bestGain = new double[F];
    int[] bestBin = new int[F];
    IntStream.range(0, F)
        .parallel()
        .forEach(
            f -> {
              int nb = cuts[f].length + 1;
              double[] hg = new double[nb];
              double[] hh = new double[nb];
              for (int r : rows) {
                int b = d.bin[r * F + f] & 0xff;
                hg[b] += g[r];
                hh[b] += h[r];
              }
              double gl = 0;
              double hl = 0;
              double best = 0;
              int at = -1;
              for (int b = 0; b < nb - 1; b++) {
                gl += hg[b];
                hl += hh[b];
                double hr = hsum - hl;
                if (hl < minHess || hr < minHess) {
                  continue;
                }
                double gr = gsum - gl;
                double gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
                if (gain > best) {
                  best = gain;
                  at = b;
                }
              }
              bestGain[f] = best;
              bestBin[f] = at;
            });
    int f = -1;
    double best = 1e-9;
    for (int j = 0; j < F; j++) {
      if (bestBin[j] >= 0 && bestGain[j] > best) {
        best = bestGain[j];
        f = j;
      }
    }
    if (f < 0) {
      return node;
    }
    int b = bestBin[f];
    int nl = 0;
    for (int r : rows) {
      if ((d.bin[r * F + f] & 0xff) <= b) {
        nl++;
      }
    }
    int[] lr = new int[nl];
    int[] rr = new int[rows.length - nl];
    int i = 0;
    int j = 0;
    for (int r : rows) {
      if ((d.bin[r * F + f] & 0xff) <= b) {
        lr[i++] = r;
      } else {
        rr[j++] = r;
      }
    }
    feat[node] = f;
    thr[node] = cuts[f][b];
    left[node] =
        build(
            d, cuts, g, h, lr, depth - 1, eta, lambda, minHess, feat, thr, left, right, value,
            count);
    right[node] =
        build(
            d, cuts, g, h, rr, depth - 1, eta, lambda, minHess, feat, thr, left, right, value,
            count);
    return node;
  }

  static double boosted(List<Tree> trees, double[] x) {
    double s = 0;
    for (Tree t : trees) {
      s += t.score(x);
    }
    return s;
  }

  /** Top-1 per typed count over all positions (the right word outside the cut is a miss). */
  static double[] top1(List<RerankerTraining.Position> test, List<Cut> cuts, List<Tree> trees) {
    int[] n = new int[3];
    int[] ok = new int[3];
    for (int l = 0; l < test.size(); l++) {
      Cut c = cuts.get(l);
      n[c.typed()]++;
      if (c.right() < 0) {
        continue;
      }
      int best = 0;
      double bs = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < c.x().length; i++) {
        double s = c.base()[i] + (trees == null ? 0 : boosted(trees, c.x()[i]));
        if (s > bs) {
          bs = s;
          best = i;
        }
      }
      if (best == c.right()) {
        ok[c.typed()]++;
      }
    }
    double[] out = new double[3];
    for (int k = 0; k < 3; k++) {
      out[k] = n[k] == 0 ? Double.NaN : 100.0 * ok[k] / n[k];
    }
    return out;
  }

  public static void main(String[] args) throws IOException {
    int k = Integer.getInteger("k", 30);
    int rounds = Integer.getInteger("rounds", 200);
    int depth = Integer.getInteger("depth", 5);
    double eta = Double.parseDouble(System.getProperty("eta", "0.1"));
    double lambda = Double.parseDouble(System.getProperty("lambda", "1"));
    double minHess = Double.parseDouble(System.getProperty("minHess", "5"));
    int seeds = Integer.getInteger("seeds", 1);
    List<RerankerTraining.Position> all = RerankerTraining.readAll(args);
    RerankerTraining.print("%d lists", all.size());
    for (int part = 0; part < 2; part++) {
      boolean begun = part == 1;
      List<RerankerTraining.Position> lists =
          all.stream().filter(p -> (p.typed() > 0) == begun).toList();
      List<RerankerTraining.Position> folded =
          lists.stream().filter(p -> p.file() < 1_000_000).toList();
      List<RerankerTraining.Position> extra =
          lists.stream().filter(p -> p.file() >= 1_000_000).toList();
      for (int fold = 0; fold < 2; fold++) {
        int parity = fold;
        List<RerankerTraining.Position> train =
            new ArrayList<>(folded.stream().filter(p -> p.file() % 2 != parity).toList());
        train.addAll(extra);
        List<RerankerTraining.Position> test =
            folded.stream().filter(p -> p.file() % 2 == parity).toList();
        long t0 = System.nanoTime();
        WordReranker.Part base =
            RerankerTraining.part(
                train,
                WordReranker.forLanguage(
                        args[0].contains("python")
                            ? dev.codeloop.model.embedded.lex.Language.PYTHON
                            : dev.codeloop.model.embedded.lex.Language.JAVA)
                    .part(begun)
                    .weights(),
                1e-3,
                32,
                12,
                seeds);
        long t1 = System.nanoTime();
        List<Cut> trainCuts = train.stream().map(p -> cut(p, base, k)).toList();
        List<Cut> testCuts = test.stream().map(p -> cut(p, base, k)).toList();
        List<Tree> trees = train(trainCuts, rounds, depth, eta, lambda, minHess);
        long t2 = System.nanoTime();
        double[] before = top1(test, testCuts, null);
        double[] after = top1(test, testCuts, trees);
        RerankerTraining.print(
            "%s fold %d: base %.0f s, trees %.0f s; top-1 by typed %s -> %s",
            begun ? "begun" : "nothing",
            fold,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            fmt(before),
            fmt(after));
        // fewer rounds
        for (int m : new int[] {25, 50, 100, 150}) {
          if (m < rounds) {
            RerankerTraining.print(
                "    %d rounds: %s", m, fmt(top1(test, testCuts, trees.subList(0, m))));
          }
        }
      }
    }
  }

  static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double x : v) {
      if (!Double.isNaN(x)) {
        sb.append(String.format(Locale.ROOT, "%.2f ", x));
      }
    }
    return sb.toString().strip();
  }
}

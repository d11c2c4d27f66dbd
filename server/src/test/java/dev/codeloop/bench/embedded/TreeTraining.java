package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.RankingTrees;
import dev.codeloop.model.embedded.WordReranker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fits {@link RankingTrees} on top of a trained re-ranker part: gradient boosting of regression
 * trees over each list's best {@code top} candidates by the part's scores, the loss the softmax
 * loss of the list (each round's tree fitted to its gradient, leaves the Newton step with the
 * diagonal Hessian, shrunk by the learning rate). Features are cut into at most 64 bins at
 * quantiles of the training rows; a split is chosen by the usual second-order gain. Deterministic.
 */
final class TreeTraining {
  static final int F = RankingTrees.FEATURES;

  /** The settings of a run. */
  record Settings(
      int top,
      int rounds,
      int depth,
      double rate,
      double lambda,
      double minHessian,
      List<Integer> skipped) {
    Settings {
      skipped = List.copyOf(skipped);
    }

    Settings(int top, int rounds, int depth, double rate, double lambda, double minHessian) {
      this(top, rounds, depth, rate, lambda, minHessian, List.of());
    }

    Settings withRounds(int n) {
      return new Settings(top, n, depth, rate, lambda, minHessian, skipped);
    }

    /** The features no tree may read, by name ("none" when every one may be read). */
    String skippedNames() {
      return skipped.isEmpty()
          ? "none"
          : String.join(",", skipped.stream().map(WordReranker.FEATURES::get).toList());
    }

    /**
     * {@code -Dtrees} (rounds, 0: no trees), {@code -DtreeTop}, {@code -DtreeDepth}, {@code
     * -DtreeRate}, {@code -DtreeLambda}, {@code -DtreeMinHessian} and {@code -DtreeSkip} (feature
     * names the trees may not read, comma-separated).
     */
    static Settings fromProperties() {
      return new Settings(
          Integer.getInteger("treeTop", 30),
          Integer.getInteger("trees", 0),
          Integer.getInteger("treeDepth", 5),
          Double.parseDouble(System.getProperty("treeRate", "0.1")),
          Double.parseDouble(System.getProperty("treeLambda", "1")),
          Double.parseDouble(System.getProperty("treeMinHessian", "5")),
          RerankerTraining.features(System.getProperty("treeSkip", ""), "-DtreeSkip"));
    }
  }

  private TreeTraining() {}

  /**
   * A regression tree over raw feature values: internal nodes have feature ≥ 0 and go left when the
   * value is at most {@code threshold}, that is, when its bin is at most {@code bin}.
   */
  record Tree(
      int[] feature, double[] threshold, int[] bin, int[] left, int[] right, double[] value) {}

  /** One list's best rows: tree features, the part's scores, the right one (or -1). */
  record Cut(double[][] x, double[] base, int right, int typed) {}

  static Cut cut(RerankerTraining.Position p, WordReranker.Part part, int k) {
    double[] s = part.scores(p.rows());
    List<double[]> x = new ArrayList<>();
    double[] base = new double[Math.min(k, s.length)];
    int[] right = {-1};
    RankingTrees.forEachCorrected(
        s,
        k,
        (i, rank, margin) -> {
          double[] row = Arrays.copyOf(p.x()[i], F);
          row[RankingTrees.SCORE] = s[i];
          row[RankingTrees.RANK] = rank;
          row[RankingTrees.MARGIN] = margin;
          if (i == p.right()) {
            right[0] = x.size();
          }
          base[x.size()] = s[i];
          x.add(row);
        });
    return new Cut(x.toArray(new double[0][]), base, right[0], p.typed());
  }

  /**
   * {@code part} with trees fitted on {@code lists} (its own trees replaced); {@code part} itself
   * when {@code settings.rounds()} is 0.
   */
  static WordReranker.Part train(
      List<RerankerTraining.Position> lists, WordReranker.Part part, Settings settings) {
    WordReranker.Part without = new WordReranker.Part(part.weights(), part.hidden(), part.gate());
    if (settings.rounds() == 0) {
      return without;
    }
    List<Cut> cuts = lists.stream().map(p -> cut(p, without, settings.top())).toList();
    List<Tree> trees = boost(cuts, settings);
    return new WordReranker.Part(
        part.weights(), part.hidden(), flatten(trees, settings.top()), part.gate());
  }

  /** The trees as one {@link RankingTrees}: a leaf's value in its threshold slot. */
  static RankingTrees flatten(List<Tree> trees, int top) {
    int total = trees.stream().mapToInt(t -> t.feature().length).sum();
    int[] roots = new int[trees.size()];
    int[] feature = new int[total];
    double[] threshold = new double[total];
    int[] left = new int[total];
    int[] right = new int[total];
    int at = 0;
    for (int k = 0; k < trees.size(); k++) {
      Tree t = trees.get(k);
      roots[k] = at;
      for (int n = 0; n < t.feature().length; n++) {
        feature[at + n] = t.feature()[n];
        boolean leaf = t.feature()[n] < 0;
        threshold[at + n] = leaf ? t.value()[n] : t.threshold()[n];
        left[at + n] = leaf ? 0 : at + t.left()[n];
        right[at + n] = leaf ? 0 : at + t.right()[n];
      }
      at += t.feature().length;
    }
    return new RankingTrees(top, roots, feature, threshold, left, right);
  }

  /** Quantile cut points per feature (at most {@code bins - 1}). */
  static double[][] cuts(List<Cut> lists, int bins) {
    double[][] out = new double[F][];
    long rows = lists.stream().mapToLong(c -> c.x().length).sum();
    int step = rows > 300_000 ? (int) (rows / 300_000) : 1;
    for (int f = 0; f < F; f++) {
      List<Double> values = new ArrayList<>();
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
      start = new int[lists.size() + 1];
      right = new int[lists.size()];
      score = new double[n];
      int r = 0;
      for (int l = 0; l < lists.size(); l++) {
        Cut c = lists.get(l);
        start[l] = r;
        right[l] = c.right() < 0 ? -1 : r + c.right();
        for (int i = 0; i < c.x().length; i++, r++) {
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

  static List<Tree> boost(List<Cut> lists, Settings settings) {
    List<Cut> useful = lists.stream().filter(c -> c.right() >= 0 && c.x().length > 1).toList();
    double[][] cuts = cuts(useful, 64);
    for (int f : settings.skipped()) {
      cuts[f] = new double[0]; // one bin: never split on
    }
    Data d = new Data(useful, cuts);
    double[] g = new double[d.rows];
    double[] h = new double[d.rows];
    List<Tree> trees = new ArrayList<>();
    int count = useful.size();
    int rounds = settings.rounds();
    for (int round = 0; round < rounds; round++) {
      double loss = 0;
      for (int l = 0; l < count; l++) {
        int a = d.start[l];
        int b = d.start[l + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int r = a; r < b; r++) {
          max = Math.max(max, d.score[r]);
        }
        double z = 0;
        for (int r = a; r < b; r++) {
          g[r] = Math.exp(d.score[r] - max); // for now, the unnormalised probability
          z += g[r];
        }
        for (int r = a; r < b; r++) {
          double p = g[r] / z;
          double y = r == d.right[l] ? 1 : 0;
          g[r] = p - y;
          h[r] = Math.max(p * (1 - p), 1e-6);
        }
        loss -= d.score[d.right[l]] - max - Math.log(z);
      }
      if (round % 20 == 0 || round == rounds - 1) {
        RerankerTraining.print("trees: round %d, loss %.4f", round, loss / count);
      }
      Tree t = new Grower(d, cuts, g, h, settings).grow(settings.depth());
      trees.add(t);
      // update scores through the tree on bins
      for (int r = 0; r < d.rows; r++) {
        d.score[r] += scoreBins(t, d.bin, r);
      }
    }
    return trees;
  }

  private static double scoreBins(Tree t, byte[] bin, int r) {
    int n = 0;
    while (t.feature()[n] >= 0) {
      n = (bin[r * F + t.feature()[n]] & 0xff) <= t.bin()[n] ? t.left()[n] : t.right()[n];
    }
    return t.value()[n];
  }

  /** Grows one tree over the rows' gradients: the nodes depth first, children after parents. */
  private static final class Grower {
    private final Data d;
    private final double[][] cuts;
    private final double[] g;
    private final double[] h;
    private final double rate;
    private final double lambda;
    private final double minHessian;
    private final int[] feature;
    private final double[] threshold;
    private final int[] bins;
    private final int[] left;
    private final int[] right;
    private final double[] value;
    private int nodes;

    Grower(Data d, double[][] cuts, double[] g, double[] h, Settings settings) {
      this.d = d;
      this.cuts = cuts;
      this.g = g;
      this.h = h;
      this.rate = settings.rate();
      this.lambda = settings.lambda();
      this.minHessian = settings.minHessian();
      int cap = 1 << (settings.depth() + 1);
      feature = new int[cap];
      threshold = new double[cap];
      bins = new int[cap];
      left = new int[cap];
      right = new int[cap];
      value = new double[cap];
    }

    Tree grow(int depth) {
      node(IntStream.range(0, d.rows).toArray(), depth);
      return new Tree(
          Arrays.copyOf(feature, nodes),
          Arrays.copyOf(threshold, nodes),
          Arrays.copyOf(bins, nodes),
          Arrays.copyOf(left, nodes),
          Arrays.copyOf(right, nodes),
          Arrays.copyOf(value, nodes));
    }

    /** The node over {@code rows}: a leaf, or the best split and its two subtrees. */
    private int node(int[] rows, int depth) {
      int node = nodes++;
      double gs = 0;
      double hs = 0;
      for (int r : rows) {
        gs += g[r];
        hs += h[r];
      }
      feature[node] = -1;
      value[node] = -rate * gs / (hs + lambda);
      if (depth == 0 || hs < 2 * minHessian) {
        return node;
      }
      double[] bestGain = new double[F];
      int[] bestBin = new int[F];
      double gsum = gs;
      double hsum = hs;
      // each feature's histogram and best cut, features in parallel
      IntStream.range(0, F)
          .parallel()
          .forEach(f -> bestCut(rows, f, gsum, hsum, bestGain, bestBin));
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
        if (bin(r, f) <= b) {
          nl++;
        }
      }
      int[] lr = new int[nl];
      int[] rr = new int[rows.length - nl];
      int i = 0;
      int j = 0;
      for (int r : rows) {
        if (bin(r, f) <= b) {
          lr[i++] = r;
        } else {
          rr[j++] = r;
        }
      }
      feature[node] = f;
      threshold[node] = cuts[f][b];
      bins[node] = b;
      left[node] = node(lr, depth - 1);
      right[node] = node(rr, depth - 1);
      return node;
    }

    private int bin(int row, int f) {
      return d.bin[row * F + f] & 0xff;
    }

    /**
     * The bin after which {@code f} splits {@code rows} with the most gain (-1 for none) and that
     * gain, into {@code bestBin[f]} and {@code bestGain[f]}.
     */
    private void bestCut(
        int[] rows, int f, double gs, double hs, double[] bestGain, int[] bestBin) {
      int nb = cuts[f].length + 1;
      double[] hg = new double[nb];
      double[] hh = new double[nb];
      for (int r : rows) {
        int b = bin(r, f);
        hg[b] += g[r];
        hh[b] += h[r];
      }
      double parent = gs * gs / (hs + lambda);
      double gl = 0;
      double hl = 0;
      double best = 0;
      int at = -1;
      for (int b = 0; b < nb - 1; b++) {
        gl += hg[b];
        hl += hh[b];
        double hr = hs - hl;
        if (hl < minHessian || hr < minHessian) {
          continue;
        }
        double gr = gs - gl;
        double gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
        if (gain > best) {
          best = gain;
          at = b;
        }
      }
      bestGain[f] = best;
      bestBin[f] = at;
    }
  }
}

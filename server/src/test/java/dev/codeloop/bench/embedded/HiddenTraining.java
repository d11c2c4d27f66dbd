package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.WordReranker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fits the hidden layer of {@link WordReranker.Hidden} on top of fixed linear weights: the softmax
 * (conditional logit) loss over each list's best {@link WordReranker#RESCORED} candidates by the
 * linear score, minimised by Adam over mini-batches of lists. The features are standardised while
 * training (mean 0, deviation 1 over the training candidates) and the standardisation is folded
 * into the exported weights, so the server scores raw features. Deterministic (seeded).
 */
final class HiddenTraining {
  private static final int D = WordReranker.SIZE;
  private static final int BATCH = 32;
  private static final double L2 = 1e-4;

  private final int units;
  private final double[] mean = new double[D];
  private final double[] deviation = new double[D];

  /** Input weights (units × D, on standardised features), biases, output weights. */
  private final double[] in;

  private final double[] bias;
  private final double[] out;

  /** The seed of the initial weights (and, plus one, of the order of the lists). */
  private final long seed;

  private HiddenTraining(int units, long seed) {
    this.units = units;
    this.seed = seed;
    in = new double[units * D];
    bias = new double[units];
    out = new double[units];
    Random random = new Random(seed);
    for (int i = 0; i < in.length; i++) {
      in[i] = random.nextGaussian() * 0.1;
    }
    for (int h = 0; h < units; h++) {
      out[h] = random.nextGaussian() * 0.01;
    }
  }

  /**
   * One list as the server would re-score it: the rows kept (raw features, then standardised for
   * {@link #adam}), their linear scores and the right one's index.
   */
  private record Rescored(double[][] x, double[] linear, int right) {}

  /**
   * Trains a layer of {@code units} on {@code lists} (each cut to its best {@link
   * WordReranker#RESCORED} by {@code weights}; a list whose right word falls outside is left out)
   * in {@code epochs} passes, the learning rate {@code rate} and 0.3 × that for the last third.
   */
  static WordReranker.Hidden train(
      List<RerankerTraining.Position> lists, double[] weights, int units, int epochs, double rate) {
    return train(lists, weights, units, epochs, rate, 1);
  }

  /** {@link #train} from the initial weights and list order that {@code seed} draws. */
  static WordReranker.Hidden train(
      List<RerankerTraining.Position> lists,
      double[] weights,
      int units,
      int epochs,
      double rate,
      long seed) {
    WordReranker.Part linear = new WordReranker.Part(weights, WordReranker.Calibration.NEVER);
    List<Rescored> data = new ArrayList<>();
    for (RerankerTraining.Position p : lists) {
      if (p.right() < 0 || p.x().length < 2) {
        continue;
      }
      double[] s = new double[p.x().length];
      for (int i = 0; i < s.length; i++) {
        s[i] = linear.linear(p.x()[i]);
      }
      // the lists the server re-scores
      int[] kept = WordReranker.rescored(s);
      double[][] x = new double[kept.length][];
      double[] l = new double[kept.length];
      int right = -1;
      for (int r = 0; r < kept.length; r++) {
        x[r] = p.x()[kept[r]];
        l[r] = s[kept[r]];
        if (kept[r] == p.right()) {
          right = r;
        }
      }
      if (right >= 0) {
        data.add(new Rescored(x, l, right));
      }
    }
    HiddenTraining t = new HiddenTraining(units, seed);
    t.standardise(data);
    // each row standardised once, not at every pass
    List<Rescored> standardised = new ArrayList<>(data.size());
    for (Rescored r : data) {
      double[][] z = new double[r.x().length][];
      for (int c = 0; c < z.length; c++) {
        z[c] = t.standardised(r.x()[c]);
      }
      standardised.add(new Rescored(z, r.linear(), r.right()));
    }
    t.adam(standardised, epochs, rate);
    return t.export();
  }

  /**
   * The average of several layers as one: their units side by side, each output weight divided by
   * their number (a layer's score is linear in its output weights).
   */
  static WordReranker.Hidden average(List<WordReranker.Hidden> layers) {
    int total = layers.stream().mapToInt(WordReranker.Hidden::units).sum();
    double[] in = new double[total * D];
    double[] bias = new double[total];
    double[] out = new double[total];
    int at = 0;
    for (WordReranker.Hidden h : layers) {
      System.arraycopy(h.in(), 0, in, at * D, h.units() * D);
      System.arraycopy(h.bias(), 0, bias, at, h.units());
      double[] o = h.out();
      for (int u = 0; u < h.units(); u++) {
        out[at + u] = o[u] / layers.size();
      }
      at += h.units();
    }
    return new WordReranker.Hidden(in, bias, out);
  }

  private void standardise(List<Rescored> data) {
    double[] sum = new double[D];
    double[] squares = new double[D];
    long n = 0;
    for (Rescored r : data) {
      for (double[] x : r.x()) {
        n++;
        for (int i = 0; i < D; i++) {
          sum[i] += x[i];
          squares[i] += x[i] * x[i];
        }
      }
    }
    for (int i = 0; i < D; i++) {
      mean[i] = sum[i] / Math.max(1, n);
      double variance = squares[i] / Math.max(1, n) - mean[i] * mean[i];
      // a feature constant over the data (never set for this language) gets weight 0 in effect
      deviation[i] = variance < 1e-12 ? Double.POSITIVE_INFINITY : Math.sqrt(variance);
    }
  }

  private void adam(List<Rescored> data, int epochs, double rate) {
    int size = in.length + 2 * units;
    double[] m = new double[size];
    double[] v = new double[size];
    List<Rescored> order = new ArrayList<>(data);
    Random random = new Random(seed + 1);
    int step = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Collections.shuffle(order, random);
      double loss = 0;
      double lr = epoch >= epochs * 2 / 3 ? rate * 0.3 : rate;
      for (int b = 0; b < order.size(); b += BATCH) {
        double[] g = new double[size];
        int count = 0;
        for (int k = b; k < Math.min(order.size(), b + BATCH); k++) {
          loss += gradient(order.get(k), g);
          count++;
        }
        step++;
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        for (int i = 0; i < size; i++) {
          double gi = g[i] / count + L2 * get(i);
          m[i] = 0.9 * m[i] + 0.1 * gi;
          v[i] = 0.999 * v[i] + 0.001 * gi * gi;
          add(i, -lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
      }
      RerankerTraining.print(
          "hidden layer (%d units): epoch %d, loss %.4f", units, epoch, loss / order.size());
    }
  }

  private double get(int i) {
    if (i < in.length) {
      return in[i];
    }
    return i < in.length + units ? bias[i - in.length] : out[i - in.length - units];
  }

  private void add(int i, double d) {
    if (i < in.length) {
      in[i] += d;
    } else if (i < in.length + units) {
      bias[i - in.length] += d;
    } else {
      out[i - in.length - units] += d;
    }
  }

  /** Adds the gradient of one list's loss (rows standardised) into {@code g}; returns the loss. */
  private double gradient(Rescored r, double[] g) {
    int n = r.x().length;
    double[][] z = r.x();
    double[][] a = new double[n][units];
    double[] s = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      s[c] = r.linear()[c];
      for (int h = 0; h < units; h++) {
        double pre = bias[h];
        for (int i = 0; i < D; i++) {
          pre += in[h * D + i] * z[c][i];
        }
        a[c][h] = WordReranker.Hidden.tanh(pre);
        s[c] += out[h] * a[c][h];
      }
      max = Math.max(max, s[c]);
    }
    double sum = 0;
    for (int c = 0; c < n; c++) {
      sum += Math.exp(s[c] - max);
    }
    for (int c = 0; c < n; c++) {
      double d = Math.exp(s[c] - max) / sum - (c == r.right() ? 1 : 0);
      if (Math.abs(d) < 1e-9) {
        continue;
      }
      for (int h = 0; h < units; h++) {
        g[in.length + units + h] += d * a[c][h];
        double dz = d * out[h] * (1 - a[c][h] * a[c][h]);
        g[in.length + h] += dz;
        for (int i = 0; i < D; i++) {
          g[h * D + i] += dz * z[c][i];
        }
      }
    }
    return -(s[r.right()] - max - Math.log(sum));
  }

  private double[] standardised(double[] x) {
    double[] z = new double[D];
    for (int i = 0; i < D; i++) {
      z[i] = (x[i] - mean[i]) / deviation[i];
    }
    return z;
  }

  /**
   * The layer on raw features: {@code in·(x − mean)/dev + bias = (in/dev)·x + (bias − Σ
   * in·mean/dev)}.
   */
  private WordReranker.Hidden export() {
    double[] rawIn = new double[in.length];
    double[] rawBias = bias.clone();
    for (int h = 0; h < units; h++) {
      for (int i = 0; i < D; i++) {
        double w = in[h * D + i] / deviation[i];
        rawIn[h * D + i] = w;
        rawBias[h] -= w * mean[i];
      }
    }
    return new WordReranker.Hidden(rawIn, rawBias, out);
  }
}

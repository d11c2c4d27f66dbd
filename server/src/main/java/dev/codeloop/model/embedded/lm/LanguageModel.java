package dev.codeloop.model.embedded.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An interpolated absolute-discounting n-gram estimate over a static {@link TrieModel} mixed with
 * cache components (Tu et al. 2014; Hellendoorn &amp; Devanbu 2017). Immutable holder; the caches
 * it points to must not change while it is used (callers pass per-request or read-locked caches).
 */
public final class LanguageModel {
  private final TrieModel base;
  private final List<NgramCounts> caches;
  private final double[] maxWeights;
  private final double confidence;
  private final double depthSlack;
  private final int vocabSize;
  private final int[] topUnigrams;

  /**
   * Below this many static tokens the lower orders use raw counts: continuation counts of a tiny
   * corpus are almost all 1 and make the model needlessly unsure.
   */
  private static final long KNESER_NEY_MIN_TOKENS = 50_000;

  private final boolean kneserNey;

  /**
   * A model whose caches reach full weight once their context is {@link MixtureWeights#DEFAULT}'s
   * depth slack longer than the static model's.
   *
   * @param caches cache components, outermost (recent files) first, innermost (current file) last
   * @param maxWeights the maximum weight of each cache
   */
  public LanguageModel(
      TrieModel base,
      List<NgramCounts> caches,
      double[] maxWeights,
      double confidence,
      int vocabSize,
      int[] topUnigrams) {
    this(
        base,
        caches,
        maxWeights,
        confidence,
        MixtureWeights.DEFAULT.depthSlack(),
        vocabSize,
        topUnigrams);
  }

  /**
   * @param caches cache components, outermost (recent files) first, innermost (current file) last
   * @param maxWeights the maximum weight of each cache
   * @param confidence pseudo-count: a cache context seen {@code n} times weighs {@code
   *     n/(n+confidence)}
   * @param depthSlack a cache reaches its full weight when its matched context is at least the
   *     static model's matched context plus this many tokens long (must be positive)
   */
  public LanguageModel(
      TrieModel base,
      List<NgramCounts> caches,
      double[] maxWeights,
      double confidence,
      double depthSlack,
      int vocabSize,
      int[] topUnigrams) {
    if (maxWeights.length != caches.size()) {
      throw new IllegalArgumentException("one weight per cache");
    }
    if (!(depthSlack > 0)) {
      throw new IllegalArgumentException("depthSlack must be positive");
    }
    this.base = base;
    this.caches = List.copyOf(caches);
    this.maxWeights = maxWeights.clone();
    this.confidence = confidence;
    this.depthSlack = depthSlack;
    this.vocabSize = Math.max(vocabSize, 2);
    this.topUnigrams = topUnigrams;
    this.kneserNey = base.tokens() >= KNESER_NEY_MIN_TOKENS;
  }

  public TrieModel base() {
    return base;
  }

  public int order() {
    return base.order();
  }

  public int vocabSize() {
    return vocabSize;
  }

  /** The most frequent unigrams of a trie, best first (for back-off candidates). */
  public static int[] topUnigrams(TrieModel trie, int k) {
    List<int[]> all = new ArrayList<>();
    trie.forEachChild(
        NgramCounts.ROOT,
        c -> {
          int w = trie.word(c);
          if (w > Vocabulary.BOS) {
            all.add(new int[] {w, trie.count(c)});
          }
        });
    all.sort((a, b) -> Integer.compare(b[1], a[1]));
    int[] out = new int[Math.min(k, all.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i)[0];
    }
    return out;
  }

  /** The distribution of the next token after {@code history[0..length)}. */
  public Context context(int[] history, int length) {
    return new Context(history, length);
  }

  /** Next-token distribution for one history. */
  public final class Context {
    private final int[][] nodes;
    private final int[] depth;
    private final double[] weights;

    Context(int[] history, int length) {
      int models = caches.size() + 1;
      nodes = new int[models][];
      depth = new int[models];
      weights = new double[models];
      for (int m = 0; m < models; m++) {
        resolve(m, m == 0 ? base : caches.get(m - 1), history, length);
      }
      // Nested mixture, innermost cache first: each cache takes a share of what is left. The share
      // grows with how far the cache's matched context reaches beyond the static model's (a cache
      // that only matches what the static model also matches adds little) and with how often the
      // cache saw that context. A unigram cache (order 1) has no context to match: it takes its
      // maximum share whenever it holds anything.
      double staticDepth = Math.max(depth[0], 0);
      double rest = 1.0;
      for (int m = models - 1; m >= 1; m--) {
        NgramCounts counts = caches.get(m - 1);
        if (counts.order() == 1) {
          weights[m] = counts.count(NgramCounts.ROOT) > 0 ? rest * maxWeights[m - 1] : 0;
          rest -= weights[m];
          continue;
        }
        double n = depth[m] <= 0 ? 0 : counts.count(nodes[m][depth[m]]);
        double reach = Math.min(1.0, Math.max(0, depth[m]) / (staticDepth + depthSlack));
        weights[m] = rest * maxWeights[m - 1] * reach * (n / (n + confidence));
        rest -= weights[m];
      }
      weights[0] = rest;
    }

    private void resolve(int m, NgramCounts counts, int[] history, int length) {
      int maxL = Math.min(counts.order() - 1, length);
      int[] ns = new int[maxL + 1];
      ns[0] = NgramCounts.ROOT;
      int d = 0;
      for (int l = 1; l <= maxL; l++) {
        int node = NgramCounts.ROOT;
        for (int i = length - l; i < length && node >= 0; i++) {
          node = counts.child(node, history[i]);
        }
        if (node < 0 || counts.count(node) == 0 || counts.childSum(node) == 0) {
          break;
        }
        ns[l] = node;
        d = l;
      }
      nodes[m] = ns;
      depth[m] = counts.count(NgramCounts.ROOT) == 0 ? -1 : d;
    }

    /** Longest history suffix (in tokens) the static model has seen followed by something. */
    public int evidence() {
      int best = 0;
      for (int d : depth) {
        best = Math.max(best, d);
      }
      return best;
    }

    /** P(w | history), summing to 1 over the vocabulary. */
    public double prob(int w) {
      double[] out = new double[1];
      probs(new int[] {w}, IntSet.of(w), out, null);
      return out[0];
    }

    /** Number of mixture components: the static model, then the caches outermost first. */
    public int components() {
      return nodes.length;
    }

    /**
     * The longest history suffix (in tokens) component {@code m} has seen followed by something
     * ({@link #components} order), or -1 when the component holds nothing.
     */
    public int depth(int m) {
      return depth[m];
    }

    /**
     * P(w | history) as {@link #prob}, also writing each component's own (unweighted) probability
     * of {@code w} to {@code out[m]}: the static model at 0, then the caches outermost first (a
     * component holding nothing gives 0).
     */
    public double prob(int w, double[] out) {
      double[][] components = new double[nodes.length][1];
      double[] mixed = new double[1];
      probs(new int[] {w}, IntSet.of(w), mixed, components);
      for (int m = 0; m < nodes.length; m++) {
        out[m] = components[m][0];
      }
      return mixed[0];
    }

    /** Probability that the current line ends after the last token of the history. */
    public double lineEndProb() {
      double p = 0.5;
      for (int m = 0; m < nodes.length; m++) {
        if (depth[m] < 1) {
          continue;
        }
        NgramCounts counts = m == 0 ? base : caches.get(m - 1);
        for (int l = 1; l <= Math.min(2, depth[m]); l++) {
          int node = nodes[m][l];
          int ends = counts.lineEnds(node);
          if (ends < 0) {
            continue;
          }
          double n = counts.count(node);
          double prior = m == 0 ? 1.0 : 3.0;
          p = (ends + prior * p) / (n + prior);
        }
      }
      return p;
    }

    /**
     * The most likely next tokens (never {@code <s>} or {@code <unk>}), best first.
     *
     * @return ids in {@code [0]} and probabilities in {@code [1]} (as raw long bits of doubles)
     */
    public Candidates candidates(int limit) {
      IntSet seen = new IntSet(64);
      for (int m = 0; m < nodes.length; m++) {
        if (depth[m] < 0) {
          continue;
        }
        NgramCounts counts = m == 0 ? base : caches.get(m - 1);
        int levels = 0;
        for (int l = depth[m]; l >= 1; l--) {
          int node = nodes[m][l];
          collect(counts, node, seen, levels == 0 ? limit * 3 + 4 : limit + 2);
          levels++;
          if (levels >= 2 && seen.size() >= limit * 2) {
            break;
          }
        }
      }
      if (seen.size() < limit) {
        for (int w : topUnigrams) {
          seen.add(w);
          if (seen.size() >= limit) {
            break;
          }
        }
      }
      int[] ids = seen.toArray();
      double[] probs = new double[ids.length];
      probs(ids, seen, probs, null);
      return Candidates.top(ids, probs, limit);
    }

    /**
     * {@link #prob} of each of {@code ids}, returned, and with {@code components} (each as long as
     * {@code ids}; or null) each component's own probability as {@link #prob(int, double[])} gives
     * it: bit for bit what one call per id gives, but faster for many ids (see {@link #probs(int[],
     * IntSet, double[], double[][])}).
     */
    public double[] probs(int[] ids, double[][] components) {
      double[] out = new double[ids.length];
      IntSet index = new IntSet(ids.length);
      for (int id : ids) {
        index.add(id);
      }
      if (index.size() == ids.length) {
        probs(ids, index, out, components);
        return out;
      }
      double[] one = new double[nodes.length];
      for (int i = 0; i < ids.length; i++) { // an id repeated: one at a time
        if (components == null) {
          out[i] = prob(ids[i]);
          continue;
        }
        out[i] = prob(ids[i], one);
        for (int m = 0; m < nodes.length; m++) {
          components[m][i] = one[m];
        }
      }
      return out;
    }

    /**
     * {@link #prob} of each of {@code ids} (distinct, in the order {@code index} holds them) into
     * {@code out}, the same sums in the same order, and with {@code components} each component's
     * own probability as {@link #prob(int, double[])} gives it. Level by level: where a context has
     * fewer children than there are ids its children are walked once instead of each id looked up
     * in the counts' table (most lookups of a menu's hundreds of candidates miss, and each miss is
     * a few random reads in a large table).
     */
    private void probs(int[] ids, IntSet index, double[] out, double[][] components) {
      int n = ids.length;
      double[] p = components == null ? new double[n] : null;
      int[] child = new int[n];
      boolean[] missing = new boolean[n];
      Arrays.fill(out, 0, n, 0.0);
      for (int m = 0; m < nodes.length; m++) {
        double[] pm = components == null ? p : components[m];
        if (components == null ? weights[m] <= 0 : depth[m] < 0) {
          if (components != null) {
            Arrays.fill(pm, 0, n, 0.0); // as prob(w, out): nothing from a component holding nothing
          }
          continue; // as prob(w): a component without weight adds nothing
        }
        componentProbs(m, ids, index, pm, child, missing);
        double wm = weights[m];
        for (int i = 0; i < n; i++) {
          out[i] += wm * pm[i];
        }
      }
    }

    /**
     * Component {@code m}'s own probability of each of {@code ids} into {@code p}: interpolated
     * absolute discounting from the shortest context to the longest it matched (Kneser-Ney
     * continuation counts for the static model's lower orders).
     */
    private void componentProbs(
        int m, int[] ids, IntSet index, double[] p, int[] child, boolean[] missing) {
      NgramCounts counts = m == 0 ? base : caches.get(m - 1);
      int n = ids.length;
      // Every known token was seen when the counts were made, so the mass reserved for tokens a
      // component never saw goes to <unk> (closed vocabulary), not spread over the known ones.
      for (int i = 0; i < n; i++) {
        p[i] = ids[i] == Vocabulary.UNK ? 1.0 : 0.0;
      }
      if (depth[m] < 0) {
        return;
      }
      // in suffix-closed counts, w missing after the l-token context is missing after longer ones
      boolean closed = counts.suffixClosed();
      Arrays.fill(missing, false);
      for (int l = 0; l <= depth[m]; l++) {
        int node = nodes[m][l];
        if (m == 0 && l < depth[m] && kneserNey) {
          // lower orders of the static model: Kneser-Ney continuation counts
          double total = base.continuationSum(node);
          if (total <= 0) {
            continue;
          }
          double discount = base.discount(l + 1);
          double spread = discount * base.continuationTypes(node);
          children(base, node, ids, index, child, null);
          for (int i = 0; i < n; i++) {
            int c = child[i];
            double cnt = c < 0 ? 0 : base.continuation(c);
            p[i] = (Math.max(cnt - discount, 0) + spread * p[i]) / total;
          }
          continue;
        }
        double total = counts.count(node);
        double sum = counts.childSum(node);
        if (total <= 0) {
          continue;
        }
        double discount = counts.discount(l + 1);
        double gamma = discount * counts.types(node) + (total - sum);
        children(counts, node, ids, index, child, closed ? missing : null);
        for (int i = 0; i < n; i++) {
          int c = child[i];
          if (closed && c < 0) {
            missing[i] = true;
          }
          double cnt = c < 0 ? 0 : counts.count(c);
          p[i] = (Math.max(cnt - discount, 0) + gamma * p[i]) / total;
        }
      }
    }

    /**
     * The child of {@code node} for each of {@code ids} (-1 where there is none, or none with a
     * positive count): by walking the node's children when it has fewer than there are ids, else by
     * looking each up (skipping those {@code skip} marks: missing after a shorter context of
     * suffix-closed counts).
     */
    private static void children(
        NgramCounts counts, int node, int[] ids, IntSet index, int[] child, boolean[] skip) {
      int n = ids.length;
      if (counts.types(node) < n) {
        Arrays.fill(child, 0, n, -1);
        counts.forEachChild(
            node,
            c -> {
              int i = index.indexOf(counts.word(c));
              if (i >= 0) {
                child[i] = c;
              }
            });
        return;
      }
      for (int i = 0; i < n; i++) {
        child[i] = skip != null && skip[i] ? -1 : counts.child(node, ids[i]);
      }
    }

    private void collect(NgramCounts counts, int node, IntSet seen, int cap) {
      for (int c : counts.topChildren(node, cap)) {
        int w = counts.word(c);
        if (w > Vocabulary.BOS) {
          seen.add(w);
        }
      }
    }
  }
}

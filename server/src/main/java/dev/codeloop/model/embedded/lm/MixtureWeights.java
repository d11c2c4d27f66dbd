package dev.codeloop.model.embedded.lm;

/**
 * How much the cache components weigh against the static model. The caches are nested: the recently
 * used identifiers first, then the last tokens before the cursor, the current file, the files of
 * its directory and the recently edited files; each takes a share of what the inner ones left. A
 * cache's share grows with how far its matched context reaches beyond the static model's and with
 * how often it saw that context; the identifier cache (a unigram cache: no context) always takes
 * its fixed share.
 *
 * @param identifiers share of the unigram cache of the last identifiers before the cursor (which
 *     name comes next is often one just used)
 * @param near maximum weight of the cache of the last tokens before the cursor (locality)
 * @param file maximum weight of the current-file cache
 * @param directory maximum weight of the cache of the files in the current file's directory
 * @param recent maximum weight of the recently-edited-files cache
 * @param confidence pseudo-count: a context seen {@code n} times contributes {@code
 *     n/(n+confidence)}
 * @param depthSlack a cache gets its full share once its matched context is the static model's
 *     matched length plus this many tokens
 */
public record MixtureWeights(
    double identifiers,
    double near,
    double file,
    double directory,
    double recent,
    double confidence,
    double depthSlack) {
  /** Tuned on a validation split of the JDK sources (never the test modules); see the docs. */
  public static final MixtureWeights DEFAULT =
      new MixtureWeights(0.05, 0.5, 0.95, 0.6, 0.9, 0.5, 4);

  public MixtureWeights {
    for (double w : new double[] {identifiers, near, file, directory, recent}) {
      if (!(w >= 0 && w <= 1)) {
        throw new IllegalArgumentException("cache weights must be in [0, 1]");
      }
    }
    if (!(confidence > 0) || !(depthSlack > 0)) {
      throw new IllegalArgumentException("confidence and depthSlack must be positive");
    }
  }
}

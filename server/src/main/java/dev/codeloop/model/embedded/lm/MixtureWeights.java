package dev.codeloop.model.embedded.lm;

/**
 * How much the cache components weigh against the static model. A cache's weight grows with the
 * length of the longest history suffix it has seen and with how often it saw it.
 *
 * @param file maximum weight of the current-file cache
 * @param recent maximum weight of the recently-edited-files cache
 * @param confidence pseudo-count: a context seen {@code n} times contributes {@code
 *     n/(n+confidence)}
 */
public record MixtureWeights(double file, double recent, double confidence) {
  public static final MixtureWeights DEFAULT = new MixtureWeights(0.95, 0.7, 0.25);
}

package dev.codeloop.model.embedded;

import java.util.Map;

/**
 * A snapshot of the model's size.
 *
 * @param documents documents known, all languages
 * @param tokens model tokens of those documents
 * @param vocabulary distinct tokens, all languages
 * @param retainedBytes approximate heap held by counts, caches and document tokens
 * @param tokensByLanguage model tokens per language
 */
public record EmbeddedStats(
    int documents,
    long tokens,
    int vocabulary,
    long retainedBytes,
    Map<String, Long> tokensByLanguage) {
  public EmbeddedStats {
    tokensByLanguage = Map.copyOf(tokensByLanguage);
  }
}

package dev.codeloop.model.embedded;

import java.util.LinkedHashMap;
import java.util.List;
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

  /** The figures of several models together (vocabularies are added, not merged). */
  public static EmbeddedStats sum(List<EmbeddedStats> all) {
    int documents = 0;
    long tokens = 0;
    int vocabulary = 0;
    long bytes = 0;
    Map<String, Long> byLanguage = new LinkedHashMap<>();
    for (EmbeddedStats s : all) {
      documents += s.documents();
      tokens += s.tokens();
      vocabulary += s.vocabulary();
      bytes += s.retainedBytes();
      s.tokensByLanguage().forEach((k, v) -> byLanguage.merge(k, v, Long::sum));
    }
    return new EmbeddedStats(documents, tokens, vocabulary, bytes, byLanguage);
  }
}

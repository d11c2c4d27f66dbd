package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lm.CacheModel;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recently edited documents of one language as a cache n-gram model (bounded by tokens, least
 * recently edited evicted first). Not thread-safe; {@link LanguageState} guards it.
 */
final class RecentFiles {
  private final int order;
  private final int maxTokens;
  private final LinkedHashMap<String, int[]> documents = new LinkedHashMap<>(16, 0.75f, true);
  private CacheModel cache;
  private long tokens;

  RecentFiles(int order, int maxTokens) {
    this.order = order;
    this.maxTokens = maxTokens;
    this.cache = new CacheModel(order, 1024);
  }

  CacheModel cache() {
    return cache;
  }

  void put(String uri, int[] encoded) {
    remove(uri);
    if (encoded.length > maxTokens) {
      return;
    }
    documents.put(uri, encoded);
    cache.addDocument(encoded, 1);
    tokens += encoded.length;
    Iterator<Map.Entry<String, int[]>> it = documents.entrySet().iterator();
    while (tokens > maxTokens && it.hasNext()) {
      Map.Entry<String, int[]> e = it.next();
      if (e.getKey().equals(uri)) {
        continue;
      }
      cache.addDocument(e.getValue(), -1);
      tokens -= e.getValue().length;
      it.remove();
    }
    compactIfSparse();
  }

  void remove(String uri) {
    int[] old = documents.remove(uri);
    if (old != null) {
      cache.addDocument(old, -1);
      tokens -= old.length;
    }
  }

  private void compactIfSparse() {
    if (cache.entries() > 4L * (tokens + 64) * order) {
      CacheModel fresh = new CacheModel(order, (int) Math.min(tokens * 2, maxTokens * 2L) + 64);
      for (int[] d : documents.values()) {
        fresh.addDocument(d, 1);
      }
      cache = fresh;
    }
  }

  long retainedBytes() {
    return cache.retainedBytes();
  }
}

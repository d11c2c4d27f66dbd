package dev.codeloop.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.lsp4j.Diagnostic;

/**
 * A session's diagnostics per document and per source (a check run, a test run, the model), for
 * every URI, open or not: each source replaces its own diagnostics without clobbering the others',
 * and what the client must be sent is the merge of all sources of a document.
 */
public final class DiagnosticsStore {
  private final Map<String, Map<String, List<Diagnostic>>> byUri = new HashMap<>();

  /**
   * The store's version when each URI's diagnostics last changed; a cleared URI keeps its entry so
   * that its next report is not mistaken for an unchanged one.
   */
  private final Map<String, Long> changedAt = new HashMap<>();

  private long version;

  /**
   * A URI's merged diagnostics and the id of that result: the same id for as long as they do not
   * change (in this store), a new one as soon as they do.
   */
  public record Report(String uri, String resultId, List<Diagnostic> diagnostics) {
    public Report {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /**
   * Replaces {@code source}'s diagnostics of every URI {@code inScope} accepts by {@code
   * diagnostics} (URIs in scope that are not listed lose theirs).
   *
   * @return every URI whose diagnostics changed, with all its diagnostics of all sources (empty:
   *     clear it in the client)
   */
  public synchronized Map<String, List<Diagnostic>> replace(
      String source, Predicate<String> inScope, Map<String, List<Diagnostic>> diagnostics) {
    Map<String, List<Diagnostic>> changed = new LinkedHashMap<>();
    for (var e : new ArrayList<>(byUri.entrySet())) {
      String uri = e.getKey();
      if (inScope.test(uri) && e.getValue().containsKey(source) && !diagnostics.containsKey(uri)) {
        e.getValue().remove(source);
        if (e.getValue().isEmpty()) {
          byUri.remove(uri);
        }
        changed.put(uri, all(uri));
      }
    }
    diagnostics.forEach(
        (uri, list) -> {
          Map<String, List<Diagnostic>> sources = byUri.computeIfAbsent(uri, u -> new HashMap<>());
          if (list.isEmpty()) {
            sources.remove(source);
          } else {
            sources.put(source, List.copyOf(list));
          }
          if (sources.isEmpty()) {
            byUri.remove(uri);
          }
          changed.put(uri, all(uri));
        });
    if (!changed.isEmpty()) {
      version++;
      changed.keySet().forEach(uri -> changedAt.put(uri, version));
    }
    return changed;
  }

  /** {@code uri}'s diagnostics of all sources, with their result id. */
  public synchronized Report report(String uri) {
    return new Report(uri, resultId(uri), all(uri));
  }

  /** The report of every URI that has diagnostics now. */
  public synchronized List<Report> reports() {
    return byUri.keySet().stream().sorted().map(this::report).toList();
  }

  private String resultId(String uri) {
    return Long.toString(changedAt.getOrDefault(uri, 0L));
  }

  /** {@code uri}'s diagnostics of one source. */
  public synchronized List<Diagnostic> diagnostics(String uri, String source) {
    return byUri.getOrDefault(uri, Map.of()).getOrDefault(source, List.of());
  }

  /** {@code uri}'s diagnostics of all sources. */
  public synchronized List<Diagnostic> all(String uri) {
    List<Diagnostic> out = new ArrayList<>();
    byUri.getOrDefault(uri, Map.of()).values().forEach(out::addAll);
    return List.copyOf(out);
  }
}

package dev.codeloop.completion.context;

import dev.codeloop.completion.context.CodeStructure.Definition;
import dev.codeloop.document.DocumentText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the context builder needs to know about another document, computed once per document
 * version: sliding windows of lines with, for similarity, the number of distinct identifiers of
 * each and an inverted index (identifier → the windows holding it), and the definitions by name. It
 * keeps the document's rope, not a copy of its text: a window's text is sliced when a snippet is
 * sent.
 *
 * <p>The inverted index replaces a set of identifiers per window, which every completion compared
 * with its query window by window (a hash look-up per identifier of each window of each other
 * document): scoring now costs one look-up per query identifier and document.
 */
final class DocumentIndex {
  static final int WINDOW_LINES = 20;
  static final int WINDOW_STEP = 10;

  /** A window: its text's range and how many distinct identifiers it holds (at least one). */
  record Window(int start, int end, int identifiers) {}

  private final List<Window> windows;
  private final Map<String, int[]> windowsOf;
  private final Map<String, List<Definition>> definitions;
  private final DocumentText text;

  private DocumentIndex(
      DocumentText text,
      List<Window> windows,
      Map<String, int[]> windowsOf,
      Map<String, List<Definition>> definitions) {
    this.text = text;
    this.windows = windows;
    this.windowsOf = windowsOf;
    this.definitions = definitions;
  }

  /** Scans a copy of the whole text once (dropped afterwards); keeps {@code document}. */
  static DocumentIndex build(DocumentText document, String language) {
    String text = document.toString();
    List<Integer> lineStarts = new ArrayList<>();
    lineStarts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lineStarts.add(i + 1);
      }
    }
    List<Window> windows = new ArrayList<>();
    // identifier → the windows holding it, ascending (their count first, then the indexes)
    Map<String, int[]> postings = new HashMap<>();
    int lines = lineStarts.size();
    for (int first = 0; first < lines; first += WINDOW_STEP) {
      int last = Math.min(lines, first + WINDOW_LINES);
      int start = lineStarts.get(first);
      int end = last < lines ? lineStarts.get(last) : text.length();
      Set<String> ids = Identifiers.of(text, start, end);
      if (!ids.isEmpty()) {
        int index = windows.size();
        windows.add(new Window(start, end, ids.size()));
        for (String id : ids) {
          int[] p = postings.get(id);
          if (p == null) {
            p = new int[4];
            postings.put(id, p);
          } else if (p[0] + 1 == p.length) {
            p = Arrays.copyOf(p, p.length * 2);
            postings.put(id, p);
          }
          p[++p[0]] = index;
        }
      }
      if (last == lines) {
        break;
      }
    }
    Map<String, List<Definition>> defs = new HashMap<>();
    for (Definition d : CodeStructure.definitions(text, language)) {
      defs.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
    }
    Map<String, int[]> windowsOf = new HashMap<>(postings.size() * 4 / 3 + 1);
    postings.forEach((id, p) -> windowsOf.put(id, Arrays.copyOfRange(p, 1, p[0] + 1)));
    return new DocumentIndex(document, List.copyOf(windows), windowsOf, defs);
  }

  List<Window> windows() {
    return windows;
  }

  /**
   * The Jaccard similarity of {@code query} with each window's identifiers, by window: |query ∩
   * window| / |query ∪ window|, 0 for an empty query.
   */
  double[] similarities(Set<String> query) {
    double[] scores = new double[windows.size()];
    if (query.isEmpty()) {
      return scores;
    }
    int[] common = new int[windows.size()];
    for (String id : query) {
      int[] holding = windowsOf.get(id);
      if (holding != null) {
        for (int w : holding) {
          common[w]++;
        }
      }
    }
    for (int w = 0; w < scores.length; w++) {
      // |q ∩ w| / |q ∪ w|, in the order of operations of the set-based form (the same doubles)
      scores[w] = (double) common[w] / (query.size() + windows.get(w).identifiers() - common[w]);
    }
    return scores;
  }

  List<Definition> definitions(String name) {
    return definitions.getOrDefault(name, List.of());
  }

  String text(Window w) {
    return text.slice(w.start(), w.end());
  }
}

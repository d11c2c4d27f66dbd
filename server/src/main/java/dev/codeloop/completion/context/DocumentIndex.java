package dev.codeloop.completion.context;

import dev.codeloop.completion.context.CodeStructure.Definition;
import dev.codeloop.document.DocumentText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the context builder needs to know about another document, computed once per document
 * version: sliding windows of lines with their identifier sets (for similarity) and the definitions
 * by name. It keeps the document's rope, not a copy of its text: a window's text is sliced when a
 * snippet is sent.
 */
final class DocumentIndex {
  static final int WINDOW_LINES = 20;
  static final int WINDOW_STEP = 10;

  record Window(int start, int end, Set<String> identifiers) {}

  private final List<Window> windows;
  private final Map<String, List<Definition>> definitions;
  private final DocumentText text;

  private DocumentIndex(
      DocumentText text, List<Window> windows, Map<String, List<Definition>> definitions) {
    this.text = text;
    this.windows = windows;
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
    int lines = lineStarts.size();
    for (int first = 0; first < lines; first += WINDOW_STEP) {
      int last = Math.min(lines, first + WINDOW_LINES);
      int start = lineStarts.get(first);
      int end = last < lines ? lineStarts.get(last) : text.length();
      Set<String> ids = Identifiers.of(text, start, end);
      if (!ids.isEmpty()) {
        windows.add(new Window(start, end, ids));
      }
      if (last == lines) {
        break;
      }
    }
    Map<String, List<Definition>> defs = new HashMap<>();
    for (Definition d : CodeStructure.definitions(text, language)) {
      defs.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
    }
    return new DocumentIndex(document, List.copyOf(windows), defs);
  }

  List<Window> windows() {
    return windows;
  }

  List<Definition> definitions(String name) {
    return definitions.getOrDefault(name, List.of());
  }

  String text(Window w) {
    return text.slice(w.start(), w.end());
  }
}

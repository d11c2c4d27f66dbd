package dev.codeloop.completion.context;

import dev.codeloop.completion.context.CodeStructure.Definition;
import dev.codeloop.completion.context.DocumentIndex.Window;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.FimRequest.ContextSnippet;
import dev.codeloop.settings.ServerSettings.CompletionSettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.privacy.SecretRedactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Gathers what the model sees, within {@code completion.contextChars}: the code before the cursor
 * (about 60% of the budget) and after it (about 15%), cut at whole lines; then, in the rest of the
 * budget, the file's imports when they fell out of the prefix, the definitions (from other
 * documents) of identifiers near the cursor, and the windows of other open or recently edited
 * documents most similar to the code before the cursor (Jaccard similarity of identifier sets over
 * sliding windows of lines). Documents the {@link PrivacyFilter} forbids are never read; secrets in
 * all sent text are redacted.
 */
public final class ContextBuilder {
  private static final int QUERY_LINES = 15;
  private static final int MAX_SIMILAR = 3;
  private static final int MAX_DEFINITIONS = 4;
  private static final int MAX_OTHER_DOCUMENTS = 20;
  private static final double MIN_SIMILARITY = 0.08;

  private final DocumentStore documents;
  private final RecentDocuments recent;
  private final PrivacyFilter privacy;
  private final Supplier<CompletionSettings> settings;
  private final DocumentIndexCache indexes = new DocumentIndexCache(64);

  /**
   * The last head read per document (its imports' source), for {@link TextWindow#head(int,
   * String)}.
   */
  private final Map<String, String> heads =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > HEADS_KEPT;
        }
      };

  private static final int HEADS_KEPT = 32;

  /** The longest head kept: 250 lines of ordinary code are a few kilobytes. */
  private static final int HEAD_KEPT_CHARS = 64 * 1024;

  public ContextBuilder(
      DocumentStore documents,
      RecentDocuments recent,
      PrivacyFilter privacy,
      Supplier<CompletionSettings> settings) {
    this.documents = documents;
    this.recent = recent;
    this.privacy = privacy;
    this.settings = settings;
  }

  /** Characters before the cursor that {@link #build} reads at most from the window. */
  public int charsBefore() {
    return settings.get().contextChars() * 60 / 100 + 1;
  }

  /** Characters after the cursor that {@link #build} reads at most from the window. */
  public int charsAfter() {
    return settings.get().contextChars() * 15 / 100 + 1;
  }

  /** Lines before the cursor that {@link #build} reads at most from the window. */
  public static final int LINES_BEFORE = QUERY_LINES;

  /**
   * Builds the FIM request for the cursor of {@code window} (the document's text around the cursor,
   * or the text as it would be with a selected completion item applied). The window holds at least
   * {@link #charsBefore()} characters and {@link #LINES_BEFORE} lines before the cursor and {@link
   * #charsAfter()} characters after it, or reaches the document's ends.
   *
   * @param otherDocuments whether the model that will read the request uses snippets from other
   *     documents (the embedded model does not: gathering them would only cost time)
   */
  public FimRequest build(
      DocumentSnapshot snapshot,
      TextWindow window,
      CursorContext cursor,
      boolean otherDocuments,
      CancelChecker cancel) {
    String text = window.text();
    int offset = window.offset();
    CompletionSettings s = settings.get();
    int budget = s.contextChars();
    SecretRedactor redactor = privacy.redactor();
    int prefixStart = cutBackToLine(text, offset, budget * 60 / 100);
    int suffixEnd = cutForwardToLine(text, offset, budget * 15 / 100);
    String prefix = redactor.redact(text.substring(prefixStart, offset));
    String suffix = redactor.redact(text.substring(offset, suffixEnd));
    int left = budget - prefix.length() - suffix.length();

    List<ContextSnippet> snippets = new ArrayList<>();
    String path = privacy.relativePath(snapshot.uri());
    if (window.absolute(prefixStart) > 0 && left > 0) {
      String previous;
      synchronized (heads) {
        previous = heads.get(snapshot.uri());
      }
      String head = window.head(CodeStructure.IMPORT_SCAN_LINES, previous);
      if (head != previous) {
        synchronized (heads) {
          if (head.length() <= HEAD_KEPT_CHARS) {
            heads.put(snapshot.uri(), head);
          } else {
            heads.remove(snapshot.uri()); // a head of long lines (minified code) is not kept
          }
        }
      }
      List<String> imports =
          CodeStructure.imports(head, snapshot.languageId(), window.absolute(prefixStart));
      if (!imports.isEmpty()) {
        String joined = redactor.redact(String.join("\n", imports));
        if (joined.length() <= left) {
          snippets.add(new ContextSnippet(path, joined, 1.0));
          left -= joined.length();
        }
      }
    }
    if (otherDocuments && s.otherDocumentsContext() && left > 0) {
      cancel.checkCanceled();
      List<Candidate> others = otherDocuments(snapshot.uri());
      Set<String> query = Identifiers.of(text, lineStartBefore(text, offset, QUERY_LINES), offset);
      Set<String> near = Identifiers.of(text, lineStartBefore(text, offset, 2), offset);
      for (ContextSnippet d : definitions(others, near)) {
        String redacted = redactor.redact(d.text());
        if (redacted.length() <= left) {
          snippets.add(new ContextSnippet(d.path(), redacted, d.score()));
          left -= redacted.length();
        }
      }
      cancel.checkCanceled();
      for (ContextSnippet sim : similar(others, query)) {
        String redacted = redactor.redact(sim.text());
        if (redacted.length() > left) {
          redacted = redacted.substring(0, lastNewlineBefore(redacted, left));
        }
        if (!redacted.isBlank()) {
          snippets.add(new ContextSnippet(sim.path(), redacted, sim.score()));
          left -= redacted.length();
        }
        if (left <= 0) {
          break;
        }
      }
    }
    return new FimRequest(path, snapshot.languageId(), prefix, suffix, snippets, cursor.multiline())
        .forDocument(snapshot.uri());
  }

  private record Candidate(String path, DocumentIndex index) {}

  /** Other open and recently edited documents that may be sent, most recently edited first. */
  private List<Candidate> otherDocuments(String uri) {
    Map<String, DocumentSnapshot> byUri = new LinkedHashMap<>();
    for (DocumentSnapshot r : recent.mostRecentFirst()) {
      byUri.put(r.uri(), documents.snapshot(r.uri()).orElse(r));
    }
    for (DocumentSnapshot open : documents.openDocuments()) {
      byUri.putIfAbsent(open.uri(), open);
    }
    byUri.remove(uri);
    List<Candidate> out = new ArrayList<>();
    for (DocumentSnapshot d : byUri.values()) {
      if (out.size() >= MAX_OTHER_DOCUMENTS) {
        break;
      }
      if (privacy.isAllowed(d.uri())) {
        out.add(new Candidate(privacy.relativePath(d.uri()), indexes.index(d)));
      }
    }
    return out;
  }

  private static List<ContextSnippet> definitions(List<Candidate> others, Set<String> names) {
    List<ContextSnippet> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      for (Candidate c : others) {
        for (Definition d : c.index().definitions(name)) {
          if (out.size() < MAX_DEFINITIONS && seen.add(c.path() + ":" + d.line())) {
            out.add(new ContextSnippet(c.path(), d.signature(), 0.9));
          }
        }
      }
    }
    return out;
  }

  private static List<ContextSnippet> similar(List<Candidate> others, Set<String> query) {
    record Scored(Candidate doc, Window window, double score) {}
    List<Scored> best = new ArrayList<>();
    for (Candidate c : others) {
      List<Window> windows = c.index().windows();
      double[] scores = c.index().similarities(query);
      int top = -1;
      int second = -1;
      for (int w = 0; w < scores.length; w++) {
        double score = scores[w];
        if (score < MIN_SIMILARITY) {
          continue;
        }
        if (top < 0 || score > scores[top]) {
          if (top >= 0 && windows.get(top).end() <= windows.get(w).start()) {
            second = top;
          }
          top = w;
        } else if ((second < 0 || score > scores[second])
            && windows.get(w).start() >= windows.get(top).end()) {
          second = w;
        }
      }
      if (top >= 0) {
        best.add(new Scored(c, windows.get(top), scores[top]));
      }
      if (second >= 0) {
        best.add(new Scored(c, windows.get(second), scores[second]));
      }
    }
    best.sort(Comparator.comparingDouble(Scored::score).reversed());
    List<ContextSnippet> out = new ArrayList<>();
    for (Scored s : best.subList(0, Math.min(MAX_SIMILAR, best.size()))) {
      out.add(new ContextSnippet(s.doc().path(), s.doc().index().text(s.window()), s.score()));
    }
    return out;
  }

  /** The start of the first whole line within {@code max} characters before {@code offset}. */
  static int cutBackToLine(String text, int offset, int max) {
    if (offset <= max) {
      return 0;
    }
    int from = offset - max;
    int nl = text.indexOf('\n', from);
    return nl < 0 || nl >= offset ? from : nl + 1;
  }

  /** The end of the last whole line within {@code max} characters after {@code offset}. */
  static int cutForwardToLine(String text, int offset, int max) {
    if (text.length() - offset <= max) {
      return text.length();
    }
    int to = offset + max;
    int nl = text.lastIndexOf('\n', to);
    return nl < offset ? to : nl + 1;
  }

  private static int lastNewlineBefore(String s, int limit) {
    int nl = s.lastIndexOf('\n', Math.max(0, limit - 1));
    return Math.max(0, nl);
  }

  private static int lineStartBefore(String text, int offset, int lines) {
    int pos = offset;
    for (int n = 0; n < lines && pos > 0; n++) {
      int nl = text.lastIndexOf('\n', pos - 1);
      if (nl < 0) {
        return 0;
      }
      pos = nl;
    }
    return pos;
  }
}

package dev.codeloop.completion.context;

import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentText;
import java.util.LinkedHashMap;
import java.util.Map;

/** Indexes of other documents, rebuilt only when their text changed; a small LRU per session. */
final class DocumentIndexCache {
  private record Entry(DocumentText text, DocumentIndex index) {}

  private final int capacity;
  private final Map<String, Entry> entries = new LinkedHashMap<>(32, 0.75f, true);

  DocumentIndexCache(int capacity) {
    this.capacity = capacity;
  }

  DocumentIndex index(DocumentSnapshot snapshot) {
    synchronized (entries) {
      Entry e = entries.get(snapshot.uri());
      if (e != null && e.text() == snapshot.text()) {
        return e.index();
      }
    }
    DocumentIndex built = DocumentIndex.build(snapshot.text(), snapshot.languageId());
    synchronized (entries) {
      entries.put(snapshot.uri(), new Entry(snapshot.text(), built));
      var it = entries.entrySet().iterator();
      while (entries.size() > capacity && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    return built;
  }
}

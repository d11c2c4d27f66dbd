package dev.codeloop.completion.context;

import dev.codeloop.document.DocumentListener;
import dev.codeloop.document.DocumentSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The documents edited most recently (open or since closed), most recent first, with their last
 * text. Fed by the document store's listener on the dispatch thread: O(1) per event.
 */
public final class RecentDocuments implements DocumentListener {
  private final int capacity;
  private final LinkedHashMap<String, DocumentSnapshot> recent =
      new LinkedHashMap<>(16, 0.75f, true);

  public RecentDocuments(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public void opened(DocumentSnapshot snapshot) {
    remember(snapshot);
  }

  @Override
  public void changed(DocumentSnapshot snapshot) {
    remember(snapshot);
  }

  private void remember(DocumentSnapshot snapshot) {
    synchronized (recent) {
      recent.put(snapshot.uri(), snapshot);
      var it = recent.entrySet().iterator();
      while (recent.size() > capacity && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
  }

  /** The recently edited documents' last snapshots, most recent first. */
  public List<DocumentSnapshot> mostRecentFirst() {
    List<DocumentSnapshot> out;
    synchronized (recent) {
      out = new ArrayList<>(recent.values());
    }
    Collections.reverse(out);
    return out;
  }
}

package dev.codeloop.document;

/** Told about document lifecycle events, on the dispatch thread: must return immediately. */
public interface DocumentListener {
  default void opened(DocumentSnapshot snapshot) {}

  default void changed(DocumentSnapshot snapshot) {}

  default void saved(DocumentSnapshot snapshot) {}

  default void closed(String uri) {}
}

package dev.codeloop.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Everything the server keeps per open document: the current snapshot, pending work to cancel when
 * the text moves on, per-feature caches and last results. Diagnostics live in the session's {@link
 * DiagnosticsStore}, which also holds those of files that are not open.
 */
public final class DocumentState {
  private final AtomicReference<DocumentSnapshot> current;
  private final Map<String, Future<?>> pending = new ConcurrentHashMap<>();
  private final Map<Key<?>, Object> values = new ConcurrentHashMap<>();
  private final Object editLock = new Object();

  DocumentState(DocumentSnapshot initial) {
    this.current = new AtomicReference<>(initial);
  }

  public DocumentSnapshot snapshot() {
    return current.get();
  }

  /** Applies changes atomically with respect to other edits; returns the new snapshot. */
  DocumentSnapshot edit(int newVersion, List<TextChange> changes) {
    synchronized (editLock) {
      DocumentSnapshot old = current.get();
      DocumentText text = old.text().apply(changes, old.encoding());
      DocumentSnapshot next =
          new DocumentSnapshot(old.uri(), old.languageId(), newVersion, text, old.encoding());
      current.set(next);
      cancelPending();
      return next;
    }
  }

  /**
   * Registers work that becomes useless when the document changes (cancelled then), replacing (and
   * cancelling) earlier work under the same key — e.g. "completion.inline": a newer inline
   * completion request cancels the older one.
   */
  public void putPending(String key, Future<?> work) {
    Future<?> previous = pending.put(key, work);
    if (previous != null && previous != work) {
      previous.cancel(true);
    }
  }

  public void removePending(String key, Future<?> work) {
    pending.remove(key, work);
  }

  void cancelPending() {
    for (Future<?> f : new ArrayList<>(pending.values())) {
      f.cancel(true);
    }
    pending.clear();
  }

  /** A typed slot for per-document caches and last results. */
  public static final class Key<T> {
    private final String name;

    public Key(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T computeIfAbsent(Key<T> key, Function<Key<T>, T> factory) {
    return (T) values.computeIfAbsent(key, k -> factory.apply(key));
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    return (T) values.get(key);
  }

  public <T> void put(Key<T> key, T value) {
    values.put(key, value);
  }
}

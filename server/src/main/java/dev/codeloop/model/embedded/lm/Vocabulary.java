package dev.codeloop.model.embedded.lm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Interns model token texts as dense int ids. Thread-safe; ids never change once assigned. */
public final class Vocabulary {
  public static final int UNK = 0;
  public static final int BOS = 1;

  private final Map<String, Integer> ids = new HashMap<>();
  private volatile String[] words = new String[256];
  private volatile int size;

  public Vocabulary() {
    id("<unk>");
    id("<s>");
  }

  /** An independent copy with the same ids (it grows on its own from here). */
  public synchronized Vocabulary copy() {
    Vocabulary v = new Vocabulary();
    for (int i = 2; i < size; i++) {
      v.id(words[i]);
    }
    return v;
  }

  /** The id of {@code word}, assigning a new one when needed. */
  public synchronized int id(String word) {
    Integer id = ids.get(word);
    if (id != null) {
      return id;
    }
    int next = size;
    String[] w = words;
    if (next == w.length) {
      w = Arrays.copyOf(w, w.length * 2);
    }
    w[next] = word;
    words = w;
    ids.put(word, next);
    size = next + 1;
    return next;
  }

  /** The id of {@code word}, or {@link #UNK} when it was never seen. */
  public synchronized int lookup(String word) {
    Integer id = ids.get(word);
    return id == null ? UNK : id;
  }

  public String word(int id) {
    int n = size; // read size first: the array published before it holds at least n words
    String[] w = words;
    return id >= 0 && id < n ? w[id] : "<unk>";
  }

  public int size() {
    return size;
  }
}

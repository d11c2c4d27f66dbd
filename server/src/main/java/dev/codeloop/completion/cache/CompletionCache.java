package dev.codeloop.completion.cache;

import dev.codeloop.completion.Suggestion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * An LRU cache of generations per session, keyed by the cursor context (file, the text just before
 * the cursor and the text just after it). Serves three cases without a model call: the same context
 * again (backspace returns to an earlier one), typing ahead into a suggestion (the characters typed
 * since a cached context are a prefix of one of its suggestions: the remainder is served), and
 * typing ahead into a suggestion still being generated (the request waits for that generation
 * instead of starting one).
 */
public final class CompletionCache {
  /** Characters of text before the cursor in a key. */
  static final int PREFIX_KEY_CHARS = 384;

  /** Characters of text after the cursor in a key. */
  static final int SUFFIX_KEY_CHARS = 128;

  /** How far back a type-ahead lookup searches. */
  static final int MAX_TYPE_AHEAD = 48;

  /** Characters before the cursor that {@link #lookup} reads (the window must hold them). */
  public static final int CHARS_BEFORE = PREFIX_KEY_CHARS + MAX_TYPE_AHEAD;

  /** Characters after the cursor that {@link #lookup} reads. */
  public static final int CHARS_AFTER = SUFFIX_KEY_CHARS;

  record Key(String uri, String prefixTail, String suffixHead) {
    Context context() {
      return new Context(uri, suffixHead);
    }
  }

  /** What a type-ahead lookup's candidates share: the document and the text after the cursor. */
  private record Context(String uri, String suffixHead) {}

  /**
   * A cache hit: the generation and what the user typed since its context ({@code ""} for an exact
   * hit).
   */
  public record Hit(Generation generation, String typed) {

    /**
     * The cached suggestions still consistent with what was typed, as remainders (null if pending).
     */
    public List<Suggestion> remainders(List<Suggestion> all) {
      List<Suggestion> out = new ArrayList<>();
      for (Suggestion s : all) {
        if (s.text().startsWith(typed) && s.text().length() > typed.length()) {
          out.add(s.after(typed));
        }
      }
      return out;
    }
  }

  private final IntSupplier capacity;
  private final Map<Key, Generation> entries = new LinkedHashMap<>(64, 0.75f, true);

  /**
   * The keys of {@link #entries} by {@link Context}, kept with it under its lock: a lookup reads
   * its candidates here instead of comparing every entry's document and suffix (which made lookups
   * a twentieth of a completion's CPU with the default 512 entries).
   */
  private final Map<Context, List<Key>> byContext = new HashMap<>();

  public CompletionCache(IntSupplier capacity) {
    this.capacity = capacity;
  }

  /**
   * Finds a generation usable at {@code offset} of {@code text}: the exact context first, then
   * contexts up to {@link #MAX_TYPE_AHEAD} characters back whose (finished) suggestions start with
   * what was typed since, or whose generation is still running.
   */
  public Optional<Hit> lookup(String uri, String text, int offset) {
    if (capacity.getAsInt() <= 0) {
      return Optional.empty();
    }
    String suffixHead = text.substring(offset, Math.min(text.length(), offset + SUFFIX_KEY_CHARS));
    int maxBack = Math.min(MAX_TYPE_AHEAD, offset);
    synchronized (entries) {
      // This document's entries with the same text after the cursor (from the index), compared in
      // place with the text before each candidate position: a key (a 384-character copy) per
      // position searched made lookups a tenth of a completion's allocation.
      List<Key> candidates = byContext.get(new Context(uri, suffixHead));
      if (candidates == null) {
        return Optional.empty();
      }
      for (int back = 0; back <= maxBack; back++) {
        int at = offset - back;
        Key key = endingAt(candidates, text, at);
        Generation g = key == null ? null : entries.get(key);
        if (g == null) {
          continue;
        }
        String typed = text.substring(at, offset);
        if (back == 0 || !g.isDone()) {
          return Optional.of(new Hit(g, typed));
        }
        List<Suggestion> done = g.now();
        Hit hit = new Hit(g, typed);
        if (done != null && !hit.remainders(done).isEmpty()) {
          return Optional.of(hit);
        }
      }
    }
    return Optional.empty();
  }

  /** Registers a generation for the context at {@code offset}, replacing an older one. */
  public void put(String uri, String text, int offset, Generation generation) {
    claim(uri, text, offset, generation, false);
  }

  /**
   * Registers {@code fresh} for the context at {@code offset} unless a generation there already
   * serves it — one still running (and not abandoned) or one finished with suggestions, holding at
   * least as many candidates — and returns the generation to join: the caller calls the model only
   * when that is {@code fresh}. One step under the cache's lock, so of two requests that both
   * missed at one keystroke (the ghost text and the menu), one calls the model and the other joins
   * its call.
   */
  public Generation claim(String uri, String text, int offset, Generation fresh) {
    return claim(uri, text, offset, fresh, true);
  }

  private Generation claim(
      String uri, String text, int offset, Generation generation, boolean keepServing) {
    int cap = capacity.getAsInt();
    if (cap <= 0) {
      return generation;
    }
    Key key = key(uri, text, offset);
    synchronized (entries) {
      Generation there = keepServing ? entries.get(key) : null;
      if (there != null && there.candidates() >= generation.candidates()) {
        List<Suggestion> done = there.now();
        if ((!there.isDone() && !there.isAbandoned()) || (done != null && !done.isEmpty())) {
          return there;
        }
      }
      if (entries.put(key, generation) == null) {
        byContext.computeIfAbsent(key.context(), c -> new ArrayList<>(2)).add(key);
      }
      var it = entries.keySet().iterator();
      while (entries.size() > cap && it.hasNext()) {
        Key evicted = it.next();
        it.remove();
        unindex(evicted);
      }
    }
    return generation;
  }

  /** Forgets a generation (e.g. one that failed), if it is still the one cached. */
  public void remove(String uri, String text, int offset, Generation generation) {
    Key key = key(uri, text, offset);
    synchronized (entries) {
      if (entries.remove(key, generation)) {
        unindex(key);
      }
    }
  }

  /** Forgets everything about a document (closed). */
  public void forget(String uri) {
    synchronized (entries) {
      entries.keySet().removeIf(k -> k.uri().equals(uri));
      byContext.keySet().removeIf(c -> c.uri().equals(uri));
    }
  }

  private void unindex(Key key) {
    Context context = key.context();
    List<Key> keys = byContext.get(context);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      byContext.remove(context);
    }
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private static Key key(String uri, String text, int offset) {
    return new Key(
        uri,
        prefixTail(text, offset),
        text.substring(offset, Math.min(text.length(), offset + SUFFIX_KEY_CHARS)));
  }

  /** The candidate whose prefix tail is the text's {@link #prefixTail} at {@code at}, or null. */
  private static Key endingAt(List<Key> candidates, String text, int at) {
    int from = Math.max(0, at - PREFIX_KEY_CHARS);
    int length = at - from;
    for (Key k : candidates) {
      String tail = k.prefixTail();
      if (tail.length() == length
          && (length == 0 || tail.charAt(length - 1) == text.charAt(at - 1))
          && text.regionMatches(from, tail, 0, length)) {
        return k;
      }
    }
    return null;
  }

  private static String prefixTail(String text, int offset) {
    return text.substring(Math.max(0, offset - PREFIX_KEY_CHARS), offset);
  }
}

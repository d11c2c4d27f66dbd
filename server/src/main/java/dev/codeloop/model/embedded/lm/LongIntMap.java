package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/**
 * A primitive open-addressing map from non-zero {@code long} keys to {@code int} values. Its
 * capacity is what the expected size needs at the load factor, not the next power of two (a key's
 * slot is its hash scaled to the capacity), so a map sized for its contents never holds up to twice
 * the room it needs: the trie builder's counts are its largest use.
 */
final class LongIntMap {
  private static final double LOAD = 0.6;

  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap(int expected) {
    int cap = capacity(expected);
    keys = new long[cap];
    values = new int[cap];
  }

  /** The slots {@code expected} keys need at the load factor. */
  private static int capacity(int expected) {
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, (long) Math.ceil(expected / LOAD)));
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or {@code missing}. */
  int get(long key, int missing) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return missing;
      }
      i = i + 1 == keys.length ? 0 : i + 1;
    }
  }

  void put(long key, int value) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = value;
        if (++size > keys.length * LOAD) {
          grow();
        }
        return;
      }
      i = i + 1 == keys.length ? 0 : i + 1;
    }
  }

  /**
   * Adds {@code delta} to the value of {@code key} (absent keys count as 0); returns the new value.
   */
  int add(long key, int delta) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i] += delta;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = delta;
        if (++size > keys.length * LOAD) {
          grow();
        }
        return delta;
      }
      i = i + 1 == keys.length ? 0 : i + 1;
    }
  }

  /** Calls {@code visitor} for each entry. */
  void forEach(EntryVisitor visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        visitor.visit(keys[i], values[i]);
      }
    }
  }

  long retainedBytes() {
    return keys.length * 12L;
  }

  interface EntryVisitor {
    void visit(long key, int value);
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    // the product's high 32 bits (which every bit of the key reaches) scaled to [0, capacity)
    return (int) (((h >>> 32) * keys.length) >>> 32);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    int cap = (int) Math.min(Integer.MAX_VALUE - 8, oldKeys.length * 2L);
    keys = new long[cap];
    values = new int[cap];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  /**
   * Empties the map for {@code expected} keys: its arrays are kept when they have the room, else
   * dropped before the new ones are made.
   */
  void reset(int expected) {
    int cap = capacity(expected);
    if (cap <= keys.length) {
      clear();
      return;
    }
    keys = null;
    values = null;
    keys = new long[cap];
    values = new int[cap];
    size = 0;
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }
}

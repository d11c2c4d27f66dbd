package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/** A primitive open-addressing map from non-zero {@code long} keys to {@code int} values. */
final class LongIntMap {
  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, (int) (expected / 0.6)) - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    mask = cap - 1;
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
      i = (i + 1) & mask;
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
        if (++size > keys.length * 0.6) {
          grow();
        }
        return;
      }
      i = (i + 1) & mask;
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
        if (++size > keys.length * 0.6) {
          grow();
        }
        return delta;
      }
      i = (i + 1) & mask;
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
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }
}

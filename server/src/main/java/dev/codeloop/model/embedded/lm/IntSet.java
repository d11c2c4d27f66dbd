package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/**
 * A small primitive open-addressing set of non-negative ints that remembers the order they were
 * added in ({@link #toArray}, {@link #indexOf}).
 */
final class IntSet {
  /** Per slot: the position in {@link #items} of the value hashed there, or -1. */
  private int[] slots;

  private int[] items;
  private int size;

  IntSet(int expected) {
    slots = new int[Integer.highestOneBit(Math.max(8, expected * 2)) << 1];
    Arrays.fill(slots, -1);
    items = new int[expected];
  }

  /** A set holding just {@code v}. */
  static IntSet of(int v) {
    IntSet set = new IntSet(1);
    set.add(v);
    return set;
  }

  boolean add(int v) {
    int mask = slots.length - 1;
    int i = (v * 0x9E3779B9) >>> 7 & mask;
    while (slots[i] >= 0) {
      if (items[slots[i]] == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2 + 4);
    }
    slots[i] = size;
    items[size++] = v;
    if (size * 2 > slots.length) {
      slots = new int[slots.length * 2];
      Arrays.fill(slots, -1);
      int grown = slots.length - 1;
      for (int at = 0; at < size; at++) {
        int j = (items[at] * 0x9E3779B9) >>> 7 & grown;
        while (slots[j] >= 0) {
          j = (j + 1) & grown;
        }
        slots[j] = at;
      }
    }
    return true;
  }

  /** Where {@code v} is in {@link #toArray} (the order of adding), or -1. */
  int indexOf(int v) {
    int mask = slots.length - 1;
    for (int i = (v * 0x9E3779B9) >>> 7 & mask; slots[i] >= 0; i = (i + 1) & mask) {
      if (items[slots[i]] == v) {
        return slots[i];
      }
    }
    return -1;
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return Arrays.copyOf(items, size);
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/** A small primitive open-addressing set of non-negative ints. */
final class IntSet {
  private int[] slots;
  private int[] items;
  private int size;

  IntSet(int expected) {
    slots = new int[Integer.highestOneBit(Math.max(8, expected * 2)) << 1];
    Arrays.fill(slots, -1);
    items = new int[expected];
  }

  boolean add(int v) {
    int mask = slots.length - 1;
    int i = (v * 0x9E3779B9) >>> 7 & mask;
    while (slots[i] >= 0) {
      if (slots[i] == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = v;
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2 + 4);
    }
    items[size++] = v;
    if (size * 2 > slots.length) {
      int[] old = Arrays.copyOf(items, size);
      slots = new int[slots.length * 2];
      Arrays.fill(slots, -1);
      size = 0;
      for (int x : old) {
        add(x);
      }
    }
    return true;
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return Arrays.copyOf(items, size);
  }
}

package dev.codeloop.model.embedded.lm;

import java.util.Arrays;

/** A growable primitive int array. */
final class IntList {
  private int[] data;
  private int size;

  IntList(int capacity) {
    data = new int[Math.max(4, capacity)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, data.length + (data.length >> 1) + 4);
    }
    data[size++] = v;
  }

  int get(int i) {
    return data[i];
  }

  void set(int i, int v) {
    data[i] = v;
  }

  void increment(int i, int delta) {
    data[i] += delta;
  }

  int size() {
    return size;
  }

  /** Grows to {@code newSize} with zeros. */
  void resize(int newSize) {
    if (newSize > data.length) {
      data = Arrays.copyOf(data, newSize);
    }
    size = newSize;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }

  /** The first {@code length} ints (all of them when there are fewer). */
  int[] toArray(int length) {
    return Arrays.copyOf(data, Math.min(size, length));
  }
}

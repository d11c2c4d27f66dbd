package dev.codeloop.action.edit;

import java.util.List;

/** Replace the characters {@code [start, end)} of the old text by {@code text}. */
public record OffsetEdit(int start, int end, String text) {
  public OffsetEdit {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad edit range " + start + ".." + end);
    }
  }

  /** Applies non-overlapping edits sorted by start to {@code old}. */
  public static String apply(String old, List<OffsetEdit> edits) {
    StringBuilder sb = new StringBuilder(old.length());
    int at = 0;
    for (OffsetEdit e : edits) {
      sb.append(old, at, e.start()).append(e.text());
      at = e.end();
    }
    return sb.append(old, at, old.length()).toString();
  }
}

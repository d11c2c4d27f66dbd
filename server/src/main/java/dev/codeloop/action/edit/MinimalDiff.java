package dev.codeloop.action.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an old and a new text into small edits: a line diff ({@link LineDiff}) finds the changed
 * hunks, then each hunk is trimmed to the characters that really differ (common prefix and suffix),
 * widened to whole identifiers so that an edit reads {@code bar → baz} rather than {@code r → z}.
 * Applying the edits to the old text always yields the new text; an unchanged text yields no edit
 * at all.
 */
public final class MinimalDiff {
  private MinimalDiff() {}

  public static List<OffsetEdit> compute(String oldText, String newText) {
    List<OffsetEdit> out = new ArrayList<>();
    if (oldText.equals(newText)) {
      return out;
    }
    List<String> a = lines(oldText);
    List<String> b = lines(newText);
    int[] aStarts = starts(a);
    int[] bStarts = starts(b);
    for (LineDiff.Hunk h : LineDiff.diff(a, b)) {
      int os = aStarts[h.aStart()];
      int oe = aStarts[h.aEnd()];
      int ns = bStarts[h.bStart()];
      int ne = bStarts[h.bEnd()];
      OffsetEdit e = trim(oldText, os, oe, newText, ns, ne);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static OffsetEdit trim(String a, int as, int ae, String b, int bs, int be) {
    int p = 0;
    int max = Math.min(ae - as, be - bs);
    while (p < max && a.charAt(as + p) == b.charAt(bs + p)) {
      p++;
    }
    int s = 0;
    while (s < max - p && a.charAt(ae - 1 - s) == b.charAt(be - 1 - s)) {
      s++;
    }
    if (p == ae - as && p == be - bs) {
      return null;
    }
    // Widen to whole identifiers where the change touches one.
    if (touchesIdentifier(a, as + p, ae - s) || touchesIdentifier(b, bs + p, be - s)) {
      while (p > 0 && isIdent(a.charAt(as + p - 1))) {
        p--;
      }
      while (s > 0 && isIdent(a.charAt(ae - s))) {
        s--;
      }
    }
    // Never split a surrogate pair.
    while (p > 0 && Character.isHighSurrogate(a.charAt(as + p - 1))) {
      p--;
    }
    while (s > 0 && Character.isLowSurrogate(a.charAt(ae - s))) {
      s--;
    }
    return new OffsetEdit(as + p, ae - s, b.substring(bs + p, be - s));
  }

  private static boolean touchesIdentifier(String t, int from, int to) {
    boolean before = from > 0 && isIdent(t.charAt(from - 1));
    boolean first = from < to && isIdent(t.charAt(from));
    boolean last = to > from && isIdent(t.charAt(to - 1));
    boolean after = to < t.length() && isIdent(t.charAt(to));
    return (before && first) || (after && last);
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** Splits keeping line terminators, so that the lines concatenate back to the text. */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  private static int[] starts(List<String> lines) {
    int[] s = new int[lines.size() + 1];
    for (int i = 0; i < lines.size(); i++) {
      s[i + 1] = s[i] + lines.get(i).length();
    }
    return s;
  }
}

package dev.codeloop.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} format, 3 lines of context) of two texts, computed with a
 * longest-common-subsequence table over lines; files too large for the table are shown as one hunk
 * replacing everything.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;
  private static final long MAX_CELLS = 16_000_000L;

  private UnifiedDiff() {}

  /** Empty when the texts are equal. */
  static String of(String oldName, String newName, String oldText, String newText) {
    if (oldText.equals(newText)) {
      return "";
    }
    List<String> a = lines(oldText);
    List<String> b = lines(newText);
    List<char[]> ops = script(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldName).append('\n');
    out.append("+++ ").append(newName).append('\n');
    // group changes into hunks
    int n = ops.size();
    int i = 0;
    while (i < n) {
      if (ops.get(i)[0] == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int lastChange = i;
      while (end < n) {
        if (ops.get(end)[0] != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(n, lastChange + CONTEXT + 1);
      int aStart = 0;
      int bStart = 0;
      for (int k = 0; k < start; k++) {
        if (ops.get(k)[0] != '+') {
          aStart++;
        }
        if (ops.get(k)[0] != '-') {
          bStart++;
        }
      }
      int aLen = 0;
      int bLen = 0;
      StringBuilder body = new StringBuilder();
      int ai = aStart;
      int bi = bStart;
      for (int k = start; k < end; k++) {
        char op = ops.get(k)[0];
        String text = op == '+' ? b.get(bi) : a.get(ai);
        body.append(op).append(text).append('\n');
        if (op != '+') {
          aLen++;
          ai++;
        }
        if (op != '-') {
          bLen++;
          bi++;
        }
      }
      out.append("@@ -")
          .append(range(aStart, aLen))
          .append(" +")
          .append(range(bStart, bLen))
          .append(" @@\n")
          .append(body);
      i = end;
    }
    return out.toString();
  }

  private static String range(int start, int len) {
    return (len == 0 ? start : start + 1) + (len == 1 ? "" : "," + len);
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1); // the text ended with a newline
    }
    return out;
  }

  /** The edit script as a list of {@code {' '|'-'|'+'}}, in order. */
  private static List<char[]> script(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    int n = a.size() - prefix - suffix;
    int m = b.size() - prefix - suffix;
    List<char[]> ops = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      ops.add(new char[] {' '});
    }
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      for (int k = 0; k < n; k++) {
        ops.add(new char[] {'-'});
      }
      for (int k = 0; k < m; k++) {
        ops.add(new char[] {'+'});
      }
    } else {
      int[][] lcs = new int[n + 1][m + 1];
      for (int x = n - 1; x >= 0; x--) {
        for (int y = m - 1; y >= 0; y--) {
          lcs[x][y] =
              a.get(prefix + x).equals(b.get(prefix + y))
                  ? lcs[x + 1][y + 1] + 1
                  : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
        }
      }
      int x = 0;
      int y = 0;
      while (x < n || y < m) {
        if (x < n && y < m && a.get(prefix + x).equals(b.get(prefix + y))) {
          ops.add(new char[] {' '});
          x++;
          y++;
        } else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) {
          ops.add(new char[] {'-'});
          x++;
        } else {
          ops.add(new char[] {'+'});
          y++;
        }
      }
    }
    for (int k = 0; k < suffix; k++) {
      ops.add(new char[] {' '});
    }
    return ops;
  }
}

package dev.codeloop.action.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * Myers' O((N+M)D) difference of two line sequences, reduced to hunks: maximal runs of lines of
 * {@code a} replaced by lines of {@code b}. Common leading and trailing lines are stripped first,
 * so typical model rewrites (a few changed lines) cost next to nothing.
 */
public final class LineDiff {
  private LineDiff() {}

  /**
   * Lines {@code [aStart, aEnd)} of the old sequence become lines {@code [bStart, bEnd)} of the
   * new.
   */
  public record Hunk(int aStart, int aEnd, int bStart, int bEnd) {}

  public static List<Hunk> diff(List<String> a, List<String> b) {
    int lo = 0;
    while (lo < a.size() && lo < b.size() && a.get(lo).equals(b.get(lo))) {
      lo++;
    }
    int aHi = a.size();
    int bHi = b.size();
    while (aHi > lo && bHi > lo && a.get(aHi - 1).equals(b.get(bHi - 1))) {
      aHi--;
      bHi--;
    }
    List<Hunk> hunks = new ArrayList<>();
    if (lo == aHi && lo == bHi) {
      return hunks;
    }
    if (lo == aHi || lo == bHi) {
      hunks.add(new Hunk(lo, aHi, lo, bHi));
      return hunks;
    }
    boolean[] keptA = new boolean[aHi - lo];
    boolean[] keptB = new boolean[bHi - lo];
    myers(a.subList(lo, aHi), b.subList(lo, bHi), keptA, keptB);
    int i = 0;
    int j = 0;
    while (i < keptA.length || j < keptB.length) {
      if (i < keptA.length && j < keptB.length && keptA[i] && keptB[j]) {
        i++;
        j++;
        continue;
      }
      int si = i;
      int sj = j;
      while (i < keptA.length && !keptA[i]) {
        i++;
      }
      while (j < keptB.length && !keptB[j]) {
        j++;
      }
      hunks.add(new Hunk(lo + si, lo + i, lo + sj, lo + j));
    }
    return hunks;
  }

  /** Marks the lines of a common subsequence (a shortest edit script's snakes) in keptA / keptB. */
  private static void myers(List<String> a, List<String> b, boolean[] keptA, boolean[] keptB) {
    int n = a.size();
    int m = b.size();
    int max = n + m;
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= max && found < 0; d++) {
      trace.add(v.clone());
      for (int k = -d; k <= d; k += 2) {
        int x;
        if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
          x = v[offset + k + 1];
        } else {
          x = v[offset + k - 1] + 1;
        }
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
    }
    int x = n;
    int y = m;
    for (int d = found; d > 0; d--) {
      int[] pv = trace.get(d);
      int k = x - y;
      int prevK;
      if (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1])) {
        prevK = k + 1;
      } else {
        prevK = k - 1;
      }
      int prevX = pv[offset + prevK];
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        keptA[--x] = true;
        keptB[--y] = true;
      }
      x = prevX;
      y = prevY;
    }
    while (x > 0 && y > 0) {
      keptA[--x] = true;
      keptB[--y] = true;
    }
  }
}

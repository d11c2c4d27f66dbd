package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.lex.ReservedTokens;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rest-of-the-identifier figure: at each identifier of at least four characters, the user has
 * typed its first {@code k} characters; the candidates are gathered the way the product's {@code
 * EmbeddedPredictor.matching} does (the model's 64 best next tokens, the identifiers of the file so
 * far, then vocabulary words in id order while fewer than 8 were found, at most 64) and ranked by
 * the model's probability. Counts top-1 and top-3 hits; an identifier outside the vocabulary is a
 * miss.
 */
final class IdentifierCompletion {
  private static final int[] TYPED = {1, 2, 3};
  private static final int MIN_LENGTH = 4;

  private final Vocabulary vocab;
  private final String[] sortedWords;
  private final int[] sortedIds;
  private final Set<Integer> fileIds = new LinkedHashSet<>();
  private final long[] hit1 = new long[TYPED.length];
  private final long[] hit3 = new long[TYPED.length];
  private long total;

  IdentifierCompletion(Vocabulary vocab) {
    this.vocab = vocab;
    int n = vocab.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> vocab.word(a).compareTo(vocab.word(b)));
    sortedWords = new String[n];
    sortedIds = new int[n];
    for (int i = 0; i < n; i++) {
      sortedIds[i] = order[i];
      sortedWords[i] = vocab.word(order[i]);
    }
  }

  void startFile() {
    fileIds.clear();
  }

  /** Records a token of the file (after it was scored). */
  void observe(int id) {
    fileIds.add(id);
  }

  void measure(LanguageModel.Context ctx, String text, int truth) {
    if (text.length() < MIN_LENGTH) {
      return;
    }
    total++;
    if (truth == Vocabulary.UNK) {
      return;
    }
    int[] modelBest = ctx.candidates(64).ids();
    for (int t = 0; t < TYPED.length; t++) {
      String typed = text.substring(0, TYPED[t]);
      Set<Integer> ids = new LinkedHashSet<>();
      for (int id : modelBest) {
        addIfMatches(ids, id, typed);
      }
      for (int id : fileIds) {
        addIfMatches(ids, id, typed);
      }
      if (ids.size() < 8) {
        for (int id : vocabularyWithPrefix(typed)) {
          if (ids.size() >= 64) {
            break;
          }
          addIfMatches(ids, id, typed);
        }
      }
      int better = 0;
      if (!ids.contains(truth)) {
        continue;
      }
      double p = ctx.prob(truth);
      for (int id : ids) {
        if (id != truth && ctx.prob(id) > p) {
          better++;
        }
      }
      if (better == 0) {
        hit1[t]++;
      }
      if (better < 3) {
        hit3[t]++;
      }
    }
  }

  /** Ids of the words starting with {@code prefix}, in id order (as the product scans). */
  private int[] vocabularyWithPrefix(String prefix) {
    int from = lowerBound(prefix);
    int to = lowerBound(prefix + Character.MAX_VALUE);
    int[] ids = Arrays.copyOfRange(sortedIds, from, to);
    Arrays.sort(ids);
    return ids;
  }

  private int lowerBound(String key) {
    int lo = 0;
    int hi = sortedWords.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedWords[mid].compareTo(key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void addIfMatches(Set<Integer> ids, int id, String typed) {
    if (id <= Vocabulary.BOS) {
      return;
    }
    String w = vocab.word(id);
    if (w.length() > typed.length() && w.startsWith(typed) && !ReservedTokens.isPlaceholder(w)) {
      ids.add(id);
    }
  }

  /** The figures as one line. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "rest of the identifier (identifiers of %d+ chars, n=%d):",
            MIN_LENGTH,
            total));
    for (int t = 0; t < TYPED.length; t++) {
      sb.append(
          String.format(
              Locale.ROOT,
              " after %d typed: top-1=%.1f%% top-3=%.1f%%",
              TYPED[t],
              100.0 * hit1[t] / total,
              100.0 * hit3[t] / total));
    }
    return sb.toString();
  }
}

package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.lex.ModelVocabulary;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import dev.codeloop.model.embedded.lm.BeamSearch;
import dev.codeloop.model.embedded.lm.CacheModel;
import dev.codeloop.model.embedded.lm.Candidates;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.NgramCounts;
import dev.codeloop.model.embedded.lm.SuggestionPolicy;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.TrieModelBuilder;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Quality benchmark on the JDK sources (train java.base, test java.net.http + java.sql +
 * java.logging). Prints the figures and exits non-zero when the dynamic setting is worse than the
 * regression floor.
 *
 * <p>System properties: {@code order} (default 6), {@code lines} (1 = also run whole-line
 * completion, default 1), {@code static} (1 = also run the static setting, default 1), {@code
 * fileW}, {@code recentW}.
 */
public final class JdkCorpusBenchmark {
  private static final double FLOOR_BITS = 3.53;
  private static final double FLOOR_TOP1 = 0.523;
  private static final double FLOOR_MRR = 0.61;

  private JdkCorpusBenchmark() {}

  public static void main(String[] args) throws Exception {
    int order = Integer.getInteger("order", 6);
    boolean lines = Integer.getInteger("lines", 1) == 1;
    boolean runStatic = Integer.getInteger("static", 1) == 1;
    double fileW = Double.parseDouble(System.getProperty("fileW", "0.95"));
    double recentW = Double.parseDouble(System.getProperty("recentW", "0.7"));
    double conf = Double.parseDouble(System.getProperty("conf", "0.25"));

    long t0 = System.nanoTime();
    List<JdkCorpus.SourceFile> train = JdkCorpus.read(List.of("java.base/"));
    List<JdkCorpus.SourceFile> test = JdkCorpus.read(JdkCorpus.TEST_MODULES);
    long t1 = System.nanoTime();
    Vocabulary vocab = new Vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    List<int[]> trainDocs = new ArrayList<>();
    long trainTokens = 0;
    for (JdkCorpus.SourceFile f : train) {
      int[] enc = encoder.encode(f.tokens(), true);
      trainDocs.add(enc);
      trainTokens += enc.length;
    }
    int closedVocab = vocab.size();
    long t2 = System.nanoTime();
    System.gc();
    long heapBefore = usedHeap();
    TrieModel trie = new TrieModelBuilder(order, true).build(trainDocs, closedVocab);
    long t3 = System.nanoTime();
    System.gc();
    long heapAfter = usedHeap();
    print(
        "files: train=%d test=%d, tokens: train=%d, vocab=%d",
        train.size(), test.size(), trainTokens, closedVocab);
    print(
        "read+lex: %.1fs, encode: %.1fs, build (order %d, singletons pruned above bigrams): %.1fs -> %.0f tokens/s",
        sec(t1 - t0), sec(t2 - t1), order, sec(t3 - t2), trainTokens / sec(t3 - t2));
    print(
        "model: nodes=%d, array bytes=%.1f MB, heap delta after build=%.1f MB, per M tokens=%.1f MB",
        trie.nodes(),
        trie.retainedBytes() / 1e6,
        (heapAfter - heapBefore) / 1e6,
        trie.retainedBytes() / 1e6 / (trainTokens / 1e6));
    int[] top = LanguageModel.topUnigrams(trie, 64);

    if (runStatic) {
      Result r =
          evaluate(
              trie,
              vocab,
              closedVocab,
              top,
              test,
              false,
              false,
              new double[] {fileW, recentW},
              conf);
      r.print("static (no caches, no learning)");
    }
    Result d =
        evaluate(
            trie, vocab, closedVocab, top, test, true, lines, new double[] {fileW, recentW}, conf);
    d.print("dynamic (file cache + learns each test file after scoring it)");
    boolean ok = d.bits() <= FLOOR_BITS && d.top1() >= FLOOR_TOP1 && d.mrr() >= FLOOR_MRR;
    print(
        "regression floor (%.2f bits, top-1 %.1f%%, MRR %.2f): %s",
        FLOOR_BITS, FLOOR_TOP1 * 100, FLOOR_MRR, ok ? "PASS" : "FAIL");
    if (!ok) {
      System.exit(1);
    }
  }

  record Result(
      long tokens,
      double bits,
      double top1,
      double top5,
      double mrr,
      double identTop1,
      long lines,
      long shown,
      long exact,
      long correctPrefix,
      double charsSaved,
      double seconds) {
    void print(String setting) {
      JdkCorpusBenchmark.print(
          "[%s] tokens=%d cross-entropy=%.3f bits/token top-1=%.2f%% top-5=%.2f%% MRR@10=%.4f identifier top-1=%.2f%% (%.0fs)",
          setting, tokens, bits, top1 * 100, top5 * 100, mrr, identTop1 * 100, seconds);
      if (lines > 0) {
        JdkCorpusBenchmark.print(
            "[%s] whole-line: lines=%d suggestion shown=%.1f%% exact-match=%.2f%% (of all lines; %.1f%% of shown) shown and a correct beginning=%.1f%% chars saved=%.2f%%",
            setting,
            lines,
            100.0 * shown / lines,
            100.0 * exact / lines,
            shown == 0 ? 0 : 100.0 * exact / shown,
            shown == 0 ? 0 : 100.0 * correctPrefix / shown,
            charsSaved * 100);
      }
    }
  }

  static Result evaluate(
      TrieModel trie,
      Vocabulary vocab,
      int closedVocab,
      int[] top,
      List<JdkCorpus.SourceFile> test,
      boolean dynamic,
      boolean lines,
      double[] weights,
      double conf) {
    long start = System.nanoTime();
    CacheModel recent = new CacheModel(trie.order(), 300_000);
    TokenEncoder encoder = new TokenEncoder(vocab);
    int str = vocab.lookup(ModelVocabulary.STRING);
    int chr = vocab.lookup(ModelVocabulary.CHAR);
    BeamSearch beam = new BeamSearch(4, 24);
    java.util.function.IntUnaryOperator brackets = id -> CompletionBrackets.delta(vocab.word(id));
    long n = 0;
    double logSum = 0;
    long hit1 = 0;
    long hit5 = 0;
    double rr = 0;
    long ident = 0;
    long identHit = 0;
    long lineCount = 0;
    long shown = 0;
    long exact = 0;
    long charsTotal = 0;
    long charsSaved = 0;
    long correctPrefix = 0;
    long unk = 0;
    for (JdkCorpus.SourceFile f : test) {
      int[] enc = encoder.encode(f.tokens(), false);
      int[] hist = new int[enc.length + 1];
      hist[0] = Vocabulary.BOS;
      CacheModel file = new CacheModel(trie.order(), enc.length + 16);
      CacheModel.Appender appender = file.appender();
      List<NgramCounts> caches = dynamic ? List.of(recent, file) : List.of();
      LanguageModel lm =
          new LanguageModel(
              trie,
              caches,
              dynamic ? new double[] {weights[1], weights[0]} : new double[0],
              conf,
              closedVocab,
              top);
      List<Token> toks = f.tokens();
      for (int i = 0; i < enc.length; i++) {
        int w = enc[i] & 0x7fffffff;
        LanguageModel.Context ctx = lm.context(hist, i + 1);
        double p = ctx.prob(w);
        logSum += Math.log(Math.max(p, 1e-300)) / Math.log(2);
        n++;
        boolean isIdent = toks.get(i).kind() == TokenKind.IDENTIFIER;
        if (isIdent) {
          ident++;
        }
        if (w == Vocabulary.UNK) {
          unk++;
        } else {
          Candidates c = ctx.candidates(10);
          int rank = c.rankOf(w);
          if (rank == 0) {
            hit1++;
            if (isIdent) {
              identHit++;
            }
          }
          if (rank >= 0 && rank < 5) {
            hit5++;
          }
          if (rank >= 0) {
            rr += 1.0 / (rank + 1);
          }
        }
        hist[i + 1] = w;
        if (dynamic) {
          appender.append(enc[i]);
        }
        boolean lineStart = i == 0 || toks.get(i - 1).line() != toks.get(i).line();
        if (lines && lineStart) {
          int end = i;
          while (end + 1 < enc.length && toks.get(end + 1).line() == toks.get(i).line()) {
            end++;
          }
          if (end > i) {
            lineCount++;
            int[] truth = new int[end - i];
            long chars = 0;
            for (int k = i + 1; k <= end; k++) {
              truth[k - i - 1] = enc[k] & 0x7fffffff;
              chars += toks.get(k).text().length();
            }
            charsTotal += chars;
            int[] suggestion =
                suggestLine(
                    beam,
                    lm,
                    vocab,
                    hist,
                    i + 2,
                    str,
                    chr,
                    Math.max(0, CompletionBrackets.paren(vocab.word(w))));
            if (suggestion.length > 0) {
              shown++;
              if (Arrays.equals(suggestion, truth)) {
                exact++;
              }
              if (isPrefix(suggestion, truth)) {
                correctPrefix++;
                for (int k = 0; k < suggestion.length; k++) {
                  charsSaved += toks.get(i + 1 + k).text().length();
                }
              }
            }
          }
        }
      }
      if (dynamic) {
        recent.addDocument(enc, 1);
      }
    }
    print("  <unk> test tokens: %d (%.2f%%)", unk, 100.0 * unk / n);
    return new Result(
        n,
        -logSum / n,
        hit1 / (double) n,
        hit5 / (double) n,
        rr / n,
        ident == 0 ? 0 : identHit / (double) ident,
        lineCount,
        shown,
        exact,
        correctPrefix,
        charsTotal == 0 ? 0 : charsSaved / (double) charsTotal,
        sec(System.nanoTime() - start));
  }

  /**
   * The same acceptance rule as the product: a whole line when confident, else a confident prefix.
   */
  static int[] suggestLine(
      BeamSearch beam,
      LanguageModel lm,
      Vocabulary vocab,
      int[] hist,
      int length,
      int str,
      int chr,
      int open) {
    List<BeamSearch.Hypothesis> hyps =
        beam.search(
            lm,
            new BeamSearch.Request(
                hist,
                length,
                null,
                -1,
                0,
                open,
                1,
                id -> CompletionBrackets.delta(vocab.word(id)),
                id -> CompletionBrackets.paren(vocab.word(id)),
                w -> w == str || w == chr || w == Vocabulary.UNK || w == Vocabulary.BOS),
            null);
    if (hyps.isEmpty()) {
      return new int[0];
    }
    return SuggestionPolicy.accept(hyps.get(0), 0);
  }

  private static boolean isPrefix(int[] a, int[] b) {
    if (a.length > b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }

  static void print(String fmt, Object... args) {
    System.out.println(String.format(Locale.ROOT, fmt, args));
  }
}

package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.ReservedTokens;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import dev.codeloop.model.embedded.lm.BeamSearch;
import dev.codeloop.model.embedded.lm.CacheModel;
import dev.codeloop.model.embedded.lm.Candidates;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.MixtureWeights;
import dev.codeloop.model.embedded.lm.NextTokenReranker;
import dev.codeloop.model.embedded.lm.NgramCounts;
import dev.codeloop.model.embedded.lm.SuggestionPolicy;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.TrieModelBuilder;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Quality benchmark on the JDK sources (train java.base, test java.net.http + java.sql +
 * java.logging). Prints the figures and exits non-zero when the dynamic setting is worse than the
 * regression floor.
 *
 * <p>Settings: {@code static} (the trie alone), {@code dynamic} (the protocol of the benchmarks
 * doc: closed vocabulary, with the product's caches: the last identifiers and tokens, the file so
 * far, the earlier test files of the same directory and the recently seen test files; each test
 * file is learned after it is scored, and the static trie is rebuilt with the learned files as the
 * product does, once they reach 2 % of its tokens) and {@code dynamic, open vocabulary} (what the
 * product does: a token first seen in an earlier test file or earlier in the file is a word of its
 * own, not {@code <unk>}).
 *
 * <p>System properties: {@code order} (default 6), {@code cacheOrder} (default 10), {@code near}
 * (tokens in the locality cache, default 150), {@code lines} (1 = also run whole-line completion,
 * default 1), {@code static} / {@code open} (1 = also run that setting, default 1), {@code split}
 * ({@code validation} = score the tuning modules instead of the test modules), and the mixture
 * weights {@code nearW}, {@code fileW}, {@code dirW}, {@code recentW}, {@code conf}, {@code
 * depthSlack} (defaults: {@link MixtureWeights#DEFAULT}).
 *
 * <p>The next-token re-ranker ({@link NextTokenReranker}, issue 15 item 5): {@code rerank} ({@code
 * off}, the default; {@code validation} = trained on lists of the validation modules, or with
 * {@code -Dsplit=validation} on the validation files of even index while those of odd index are
 * scored; {@code heldout} = trained on lists of every 20th java.base file against a vocabulary and
 * static model made from the others), {@code rerankK} (candidates re-ranked, default 20), {@code
 * rerankStride} (every n-th position makes a training list, default 1), {@code rerankL2} (default
 * 1e-4), {@code rerankIterations} (Newton steps, default 30). The n-gram's figures of the same run
 * are printed beside the re-ranked ones.
 */
public final class JdkCorpusBenchmark {
  private static final double FLOOR_BITS = 3.53;
  private static final double FLOOR_TOP1 = 0.523;
  private static final double FLOOR_MRR = 0.61;

  /** The product's bounds (EmbeddedCodeModel.Builder defaults). */
  private static final int RECENT_TOKENS = Integer.getInteger("recentTokens", 150_000);

  private static final int DIRECTORY_TOKENS = 50_000;

  /** The static trie is rebuilt with the learned files once they reach this share of its tokens. */
  private static final double REBUILD_FRACTION = 0.02;

  private JdkCorpusBenchmark() {}

  /** How one setting is scored. */
  record Setup(
      boolean dynamic,
      boolean openVocabulary,
      boolean lines,
      int cacheOrder,
      int nearTokens,
      int identifierWindow,
      MixtureWeights weights) {}

  public static void main(String[] args) throws Exception {
    int order = Integer.getInteger("order", 6);
    boolean lines = Integer.getInteger("lines", 1) == 1;
    boolean runStatic = Integer.getInteger("static", 1) == 1;
    boolean runOpen = Integer.getInteger("open", 1) == 1;
    boolean validation = "validation".equals(System.getProperty("split", "test"));
    MixtureWeights d = MixtureWeights.DEFAULT;
    MixtureWeights weights =
        new MixtureWeights(
            prop("idW", d.identifiers()),
            prop("nearW", d.near()),
            prop("fileW", d.file()),
            prop("dirW", d.directory()),
            prop("recentW", d.recent()),
            prop("conf", d.confidence()),
            prop("depthSlack", d.depthSlack()));
    int cacheOrder = Integer.getInteger("cacheOrder", 10);
    int near = Integer.getInteger("near", 150);
    int idWindow = Integer.getInteger("idWindow", 40);

    long t0 = System.nanoTime();
    List<JdkCorpus.SourceFile> train = JdkCorpus.read(List.of("java.base/"));
    List<JdkCorpus.SourceFile> test =
        JdkCorpus.read(validation ? JdkCorpus.VALIDATION_MODULES : JdkCorpus.TEST_MODULES);
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
        "files: train=%d %s=%d, tokens: train=%d, vocab=%d",
        train.size(), validation ? "validation" : "test", test.size(), trainTokens, closedVocab);
    print(
        "read+lex: %.1fs, encode: %.1fs, build (order %d, singletons pruned above bigrams): %.1fs -> %.0f tokens/s",
        sec(t1 - t0), sec(t2 - t1), order, sec(t3 - t2), trainTokens / sec(t3 - t2));
    print(
        "model: nodes=%d, array bytes=%.1f MB, heap delta after build=%.1f MB, per M tokens=%.1f MB",
        trie.nodes(),
        trie.retainedBytes() / 1e6,
        (heapAfter - heapBefore) / 1e6,
        trie.retainedBytes() / 1e6 / (trainTokens / 1e6));
    print(
        "mixture: %s, cache order %d, locality cache %d tokens, identifier cache %d identifiers",
        weights, cacheOrder, near, idWindow);
    int[] top = LanguageModel.topUnigrams(trie, 64);

    if (runStatic) {
      evaluate(
              trie,
              trainDocs,
              vocab,
              top,
              test,
              new Setup(false, false, false, cacheOrder, near, idWindow, weights))
          .print("static (no caches, no learning)");
    }
    Result dyn =
        evaluate(
            trie,
            trainDocs,
            vocab,
            top,
            test,
            new Setup(true, false, lines, cacheOrder, near, idWindow, weights));
    dyn.print("dynamic (protocol: closed vocabulary)");
    if (runOpen) {
      evaluate(
              trie,
              trainDocs,
              vocab,
              top,
              test,
              new Setup(true, true, false, cacheOrder, near, idWindow, weights))
          .print("dynamic, open vocabulary (as deployed)");
    }
    String rerankFrom = System.getProperty("rerank", "off");
    if (!"off".equals(rerankFrom)) {
      rerank(
          rerankFrom,
          validation,
          runOpen,
          order,
          train,
          trainDocs,
          vocab,
          trie,
          top,
          test,
          new Setup(true, false, false, cacheOrder, near, idWindow, weights));
    }
    boolean ok = dyn.bits() <= FLOOR_BITS && dyn.top1() >= FLOOR_TOP1 && dyn.mrr() >= FLOOR_MRR;
    print(
        "regression floor (%.2f bits, top-1 %.1f%%, MRR %.2f): %s",
        FLOOR_BITS, FLOOR_TOP1 * 100, FLOOR_MRR, ok ? "PASS" : "FAIL");
    if (!ok) {
      System.exit(1);
    }
  }

  /**
   * Trains the next-token re-ranker and scores the re-ranked lists. {@code from}: {@code
   * validation} (lists from the validation modules) or {@code heldout} (lists from java.base
   * itself: every 20th file held out, the static model built from the others, as an index could do
   * it). The test (or, with {@code -Dsplit=validation}, the validation) modules are only scored.
   */
  private static void rerank(
      String from,
      boolean validationSplit,
      boolean runOpen,
      int order,
      List<JdkCorpus.SourceFile> train,
      List<int[]> trainDocs,
      Vocabulary vocab,
      TrieModel trie,
      int[] top,
      List<JdkCorpus.SourceFile> test,
      Setup closed)
      throws java.io.IOException {
    int k = Integer.getInteger("rerankK", 20);
    int stride = Integer.getInteger("rerankStride", 1);
    double l2 = prop("rerankL2", 1e-4);
    List<NextTokenReranker.Example> examples = new ArrayList<>();
    long t0 = System.nanoTime();
    List<JdkCorpus.SourceFile> scored = test;
    List<JdkCorpus.SourceFile> unscored = List.of();
    if (validationSplit) {
      // tuning: score the validation files of odd index only, so that a re-ranker trained on
      // those of even index (-Drerank=validation) is compared on the same files
      List<JdkCorpus.SourceFile> even = new ArrayList<>();
      List<JdkCorpus.SourceFile> odd = new ArrayList<>();
      for (int i = 0; i < test.size(); i++) {
        (i % 2 == 0 ? even : odd).add(test.get(i));
      }
      scored = odd;
      unscored = even;
      print("tuning: scoring the %d validation files of odd index", odd.size());
    }
    if ("validation".equals(from)) {
      List<JdkCorpus.SourceFile> lists =
          validationSplit ? unscored : JdkCorpus.read(JdkCorpus.VALIDATION_MODULES);
      evaluate(trie, trainDocs, vocab, top, lists, closed, new Rerank(null, k, examples, stride));
    } else if ("heldout".equals(from)) {
      // as an index could do it: every 20th java.base file held out, the vocabulary and the static
      // model made from the others (a token only the held-out files use is <unk>, as in the test)
      Vocabulary partialVocab = new Vocabulary();
      TokenEncoder partialEncoder = new TokenEncoder(partialVocab);
      List<int[]> rest = new ArrayList<>();
      List<JdkCorpus.SourceFile> held = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        if (i % 20 == 7) {
          held.add(train.get(i));
        } else {
          rest.add(partialEncoder.encode(train.get(i).tokens(), true));
        }
      }
      TrieModel partial = new TrieModelBuilder(order, true).build(rest, partialVocab.size());
      evaluate(
          partial,
          rest,
          partialVocab,
          LanguageModel.topUnigrams(partial, 64),
          held,
          closed,
          new Rerank(null, k, examples, stride));
    } else {
      throw new IllegalArgumentException("-Drerank=validation|heldout|off, not " + from);
    }
    long t1 = System.nanoTime();
    double[] w =
        NextTokenReranker.train(
            examples,
            NextTokenReranker.identityWeights(),
            l2,
            Integer.getInteger("rerankIterations", 30));
    long t2 = System.nanoTime();
    print(
        "re-ranker (%s lists, top-%d, every %d. position, L2 %.0e): %d lists, collecting %.0fs, training %.0fs; loss %.4f -> %.4f",
        from,
        k,
        stride,
        l2,
        examples.size(),
        sec(t1 - t0),
        sec(t2 - t1),
        NextTokenReranker.loss(examples, NextTokenReranker.identityWeights(), l2),
        NextTokenReranker.loss(examples, w, l2));
    StringBuilder sb = new StringBuilder("re-ranker weights:");
    for (int a = 0; a < w.length; a++) {
      sb.append(String.format(Locale.ROOT, " %s=%.4f", NextTokenReranker.FEATURES.get(a), w[a]));
    }
    print("%s", sb);
    NextTokenReranker reranker = new NextTokenReranker(w);
    examples.clear();
    Rerank closedRun = new Rerank(reranker, k, null, 1);
    evaluate(trie, trainDocs, vocab, top, scored, closed, closedRun)
        .print("dynamic (closed vocabulary), n-gram order");
    closedRun.print("dynamic (closed vocabulary)");
    if (runOpen) {
      Setup open =
          new Setup(
              true,
              true,
              false,
              closed.cacheOrder(),
              closed.nearTokens(),
              closed.identifierWindow(),
              closed.weights());
      Rerank openRun = new Rerank(reranker, k, null, 1);
      evaluate(trie, trainDocs, vocab, top, scored, open, openRun)
          .print("dynamic, open vocabulary, n-gram order");
      openRun.print("dynamic, open vocabulary");
    }
  }

  private static double prop(String name, double fallback) {
    String v = System.getProperty(name);
    return v == null ? fallback : Double.parseDouble(v);
  }

  record Result(
      long tokens,
      long unknown,
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
      String identifierCompletion,
      double seconds) {
    void print(String setting) {
      JdkCorpusBenchmark.print(
          "[%s] tokens=%d <unk>=%.2f%% cross-entropy=%.3f bits/token top-1=%.3f%% top-5=%.2f%% MRR@10=%.4f identifier top-1=%.2f%% | over the tokens that are not <unk>: top-1=%.2f%% MRR@10=%.4f (%.0fs)",
          setting,
          tokens,
          100.0 * unknown / tokens,
          bits,
          top1 * 100,
          top5 * 100,
          mrr,
          identTop1 * 100,
          top1 * tokens / (tokens - unknown) * 100,
          mrr * tokens / (tokens - unknown),
          seconds);
      if (!identifierCompletion.isEmpty()) {
        JdkCorpusBenchmark.print("[%s] %s", setting, identifierCompletion);
      }
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

  /**
   * A cache of whole documents bounded in tokens, oldest evicted first (the product's
   * recently-edited-files and directory caches).
   */
  static final class BoundedDocuments {
    final CacheModel cache;
    private final int maxTokens;
    private final Deque<int[]> documents = new ArrayDeque<>();
    private long tokens;

    BoundedDocuments(int order, int maxTokens) {
      this.cache = new CacheModel(order, maxTokens + 64);
      this.maxTokens = maxTokens;
    }

    void add(int[] doc) {
      if (doc.length > maxTokens) {
        return;
      }
      documents.addLast(doc);
      cache.addDocument(doc, 1);
      tokens += doc.length;
      while (tokens > maxTokens) {
        int[] old = documents.removeFirst();
        cache.addDocument(old, -1);
        tokens -= old.length;
      }
    }
  }

  /**
   * The next-token re-ranker's side of an evaluation: collects training lists (every {@code
   * stride}-th position whose token is among the n-gram's {@code k} candidates) and/or scores the
   * re-ranked list at every position. Cross-entropy here is the re-ranker's renormalised
   * distribution: the list's n-gram mass shared by the softmax, other tokens keep the n-gram's
   * probability.
   */
  static final class Rerank {
    final NextTokenReranker reranker;
    final int k;
    final List<NextTokenReranker.Example> examples;
    final int stride;
    private long positions;
    long n;
    long unknown;
    long hit1;
    long hit5;
    double rr;
    double logSum;
    long[] nanos = new long[1024];
    int calls;

    Rerank(
        NextTokenReranker reranker, int k, List<NextTokenReranker.Example> examples, int stride) {
      this.reranker = reranker;
      this.k = k;
      this.examples = examples;
      this.stride = stride;
    }

    void step(
        LanguageModel.Context ctx,
        int[] hist,
        int length,
        int w,
        double p,
        NextTokenReranker.Kinds kinds) {
      Candidates cands = ctx.candidates(k);
      if (examples != null && w != Vocabulary.UNK && positions++ % stride == 0) {
        int r = cands.rankOf(w);
        if (r >= 0) {
          examples.add(
              NextTokenReranker.Example.of(
                  NextTokenReranker.features(ctx, cands, hist, length, kinds), r));
        }
      }
      if (reranker == null) {
        return;
      }
      long t0 = System.nanoTime();
      NextTokenReranker.Ranked ranked = reranker.rerank(ctx, cands, hist, length, kinds);
      long dt = System.nanoTime() - t0;
      if (calls == nanos.length) {
        nanos = Arrays.copyOf(nanos, calls * 2);
      }
      nanos[calls++] = dt;
      n++;
      logSum += Math.log(Math.max(ranked.probOr(w, p), 1e-300)) / Math.log(2);
      if (w == Vocabulary.UNK) {
        unknown++;
        return;
      }
      int rank = ranked.rankOf(w);
      if (rank == 0) {
        hit1++;
      }
      if (rank >= 0 && rank < 5) {
        hit5++;
      }
      if (rank >= 0 && rank < 10) {
        rr += 1.0 / (rank + 1);
      }
    }

    void print(String setting) {
      long[] sorted = Arrays.copyOf(nanos, calls);
      Arrays.sort(sorted);
      JdkCorpusBenchmark.print(
          "[%s, re-ranked top-%d] cross-entropy (renormalised)=%.3f bits/token top-1=%.3f%% top-5=%.2f%% MRR@10=%.4f | over the tokens that are not <unk>: top-1=%.2f%% MRR@10=%.4f | rerank() per call: mean %.1f us, p50 %.1f us, p95 %.1f us, p99 %.1f us",
          setting,
          k,
          -logSum / n,
          100.0 * hit1 / n,
          100.0 * hit5 / n,
          rr / n,
          100.0 * hit1 / (n - unknown),
          rr / (n - unknown),
          Arrays.stream(sorted).average().orElse(0) / 1e3,
          sorted[sorted.length / 2] / 1e3,
          sorted[(int) (sorted.length * 0.95)] / 1e3,
          sorted[(int) (sorted.length * 0.99)] / 1e3);
    }
  }

  static Result evaluate(
      TrieModel initialTrie,
      List<int[]> trainDocs,
      Vocabulary sharedVocab,
      int[] top,
      List<JdkCorpus.SourceFile> test,
      Setup setup) {
    return evaluate(initialTrie, trainDocs, sharedVocab, top, test, setup, null);
  }

  /**
   * Scores {@code test}; with {@code rerank}, also collects the re-ranker's training lists and/or
   * scores its re-ranking at every position.
   */
  static Result evaluate(
      TrieModel initialTrie,
      List<int[]> trainDocs,
      Vocabulary sharedVocab,
      int[] top,
      List<JdkCorpus.SourceFile> test,
      Setup setup,
      Rerank rerank) {
    long start = System.nanoTime();
    TrieModel trie = initialTrie;
    boolean rebuild = setup.dynamic(); // as the product: learned files reach the static model too
    List<int[]> learned = new ArrayList<>();
    long learnedSinceRebuild = 0;
    // the open-vocabulary setting grows its own copy, so the other settings stay closed
    Vocabulary vocab = setup.openVocabulary() ? sharedVocab.copy() : sharedVocab;
    int closedVocab = trie.vocabSize();
    MixtureWeights mw = setup.weights();
    BoundedDocuments recent = new BoundedDocuments(setup.cacheOrder(), RECENT_TOKENS);
    Map<String, BoundedDocuments> directories = new HashMap<>();
    TokenEncoder encoder = new TokenEncoder(vocab);
    int str = vocab.lookup(ReservedTokens.STRING);
    int chr = vocab.lookup(ReservedTokens.CHAR);
    BeamSearch beam = new BeamSearch(4, 24);
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
    int near = setup.nearTokens();
    IdentifierCompletion identifiers = setup.dynamic() ? new IdentifierCompletion(vocab) : null;
    NextTokenReranker.Kinds kinds =
        rerank == null ? null : new NextTokenReranker.Kinds(vocab, Language.JAVA);
    for (JdkCorpus.SourceFile f : test) {
      if (identifiers != null) {
        identifiers.startFile();
      }
      String dirName = f.name().substring(0, f.name().lastIndexOf('/'));
      BoundedDocuments dir =
          directories.computeIfAbsent(
              dirName, k -> new BoundedDocuments(setup.cacheOrder(), DIRECTORY_TOKENS));
      // ids at or above `known` were not seen before this position: they are scored as <unk>
      int known = vocab.size();
      int[] enc = encoder.encode(f.tokens(), setup.openVocabulary());
      int[] hist = new int[enc.length + 1];
      hist[0] = Vocabulary.BOS;
      CacheModel file = new CacheModel(setup.cacheOrder(), enc.length + 16);
      CacheModel.Appender fileIn = file.appender();
      CacheModel nearCache = new CacheModel(setup.cacheOrder(), near + 16);
      CacheModel.Appender nearIn = nearCache.appender();
      CacheModel.Appender nearOut = nearCache.remover();
      CacheModel idCache = new CacheModel(1, setup.identifierWindow() + 16);
      CacheModel.Appender idIn = idCache.appender();
      CacheModel.Appender idOut = idCache.remover();
      Deque<Integer> lastIdentifiers = new ArrayDeque<>();
      List<NgramCounts> caches =
          setup.dynamic() ? List.of(recent.cache, dir.cache, file, nearCache, idCache) : List.of();
      double[] weights =
          setup.dynamic()
              ? new double[] {mw.recent(), mw.directory(), mw.file(), mw.near(), mw.identifiers()}
              : new double[0];
      LanguageModel lm =
          new LanguageModel(
              trie, caches, weights, mw.confidence(), mw.depthSlack(), closedVocab, top);
      List<Token> toks = f.tokens();
      for (int i = 0; i < enc.length; i++) {
        int real = enc[i] & 0x7fffffff;
        int w = real >= known ? Vocabulary.UNK : real;
        LanguageModel.Context ctx = lm.context(hist, i + 1);
        double p = ctx.prob(w);
        logSum += Math.log(Math.max(p, 1e-300)) / Math.log(2);
        n++;
        if (rerank != null) {
          rerank.step(ctx, hist, i + 1, w, p, kinds);
        }
        boolean isIdent = toks.get(i).kind() == TokenKind.IDENTIFIER;
        if (isIdent) {
          ident++;
          if (identifiers != null) {
            identifiers.measure(ctx, toks.get(i).text(), w);
          }
        }
        if (identifiers != null) {
          identifiers.observe(real);
        }
        if (w == Vocabulary.UNK) {
          unk++; // scored above, always a miss
        } else {
          int rank = ctx.candidates(10).rankOf(w);
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
        hist[i + 1] = real;
        known = Math.max(known, real + 1);
        if (setup.dynamic()) {
          fileIn.append(enc[i]);
          nearIn.append(enc[i]);
          if (isIdent) {
            idIn.append(enc[i]);
            lastIdentifiers.addLast(enc[i]);
            if (lastIdentifiers.size() > setup.identifierWindow()) {
              idOut.append(lastIdentifiers.removeFirst());
            }
          }
          if (i >= near) {
            nearOut.append(enc[i - near]);
          }
        }
        boolean lineStart = i == 0 || toks.get(i - 1).line() != toks.get(i).line();
        if (setup.lines() && lineStart) {
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
      if (setup.dynamic()) {
        recent.add(enc);
        dir.add(enc);
      }
      if (rebuild) {
        learned.add(enc);
        learnedSinceRebuild += enc.length;
        if (learnedSinceRebuild >= REBUILD_FRACTION * trie.tokens()) {
          List<int[]> all = new ArrayList<>(trainDocs);
          all.addAll(learned);
          trie = new TrieModelBuilder(trie.order(), true).build(all, vocab.size());
          top = LanguageModel.topUnigrams(trie, 64);
          learnedSinceRebuild = 0;
        }
      }
    }
    return new Result(
        n,
        unk,
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
        identifiers == null ? "" : identifiers.summary(),
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
                (w, one, two) ->
                    w == str || w == chr || w == Vocabulary.UNK || w == Vocabulary.BOS),
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

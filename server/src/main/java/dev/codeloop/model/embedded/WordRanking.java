package dev.codeloop.model.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordMatch;
import dev.codeloop.model.WordRanker.Origin;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.ReservedTokens;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import dev.codeloop.model.embedded.lm.CacheModel;
import dev.codeloop.model.embedded.lm.Candidates;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.NgramCounts;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The words of a completion menu from the model: its most likely next tokens, the identifiers of
 * the file around the cursor, the learned workspace's identifiers (the vocabulary) and the
 * language's keywords, each kept when it matches the typed word ({@link WordMatch}) and scored by
 * the model's probability of it at the cursor (with the file, locality and identifier caches, which
 * carry recency). After a member access ({@code .}, {@code ->}, {@code ::}) a word never seen after
 * one, in the workspace or the file, is pushed down: {@code self} is rarely a member.
 */
final class WordRanking {
  private static final int MODEL_CANDIDATES = 200;
  private static final int VOCABULARY_MATCHES = 300;
  private static final int VOCABULARY_HUMPS = 60;
  private static final double UNSEEN = 1e-9;

  /**
   * A word used in the file before the cursor weighs up to {@code 1 + RECENCY} times more, decaying
   * with the tokens since its last use (tuned on the Python validation split, see
   * docs/EMBEDDED-MODEL.md).
   */
  private static final double RECENCY = 2.0;

  private static final double RECENCY_TOKENS = 100;
  private static final double NOT_A_MEMBER = 0.1;
  private static final double[] MATCH_WEIGHT = {1.0, 0.5, 0.3};

  List<RankedWord> rank(LanguageState state, FimRequest fim, int limit, CancelChecker cancel) {
    Language language = state.language();
    CodeLexer lexer = new CodeLexer(language);
    String prefix = EmbeddedPredictor.window(fim.prefix());
    int start = prefix.length();
    while (start > 0 && isWordChar(prefix.charAt(start - 1))) {
      start--;
    }
    String typed = prefix.substring(start);
    if (!typed.isEmpty() && Character.isDigit(typed.charAt(0))) {
      return List.of(); // a number
    }
    List<Token> all = lexer.tokenize(prefix);
    if (!all.isEmpty()) {
      Token last = all.get(all.size() - 1);
      boolean touches = last.start() + last.text().length() == prefix.length();
      boolean onThisLine = prefix.lastIndexOf('\n') < last.start();
      if (touches
          && onThisLine
          && (last.kind() == TokenKind.COMMENT
              || last.kind() == TokenKind.STRING
              || last.kind() == TokenKind.CHAR)) {
        return List.of(); // inside a comment or a literal
      }
    }
    String before = prefix.substring(0, start);
    List<Token> tokens = lexer.significantTokens(before);
    String suffix = fim.suffix().length() > 2_000 ? fim.suffix().substring(0, 2_000) : fim.suffix();
    List<Token> suffixTokens = lexer.significantTokens(suffix);
    Vocabulary vocab = state.vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    int[] encoded = encoder.encode(tokens, true);
    int[] suffixEncoded = encoder.encode(suffixTokens, true);
    CacheModel fileCache = new CacheModel(state.cacheOrder(), encoded.length + 256);
    fileCache.addDocument(encoded, 1);
    fileCache.addDocument(suffixEncoded, 1);
    int nearTokens = state.nearTokens();
    CacheModel nearCache = new CacheModel(state.cacheOrder(), nearTokens + 16);
    nearCache.addDocument(
        Arrays.copyOfRange(encoded, Math.max(0, encoded.length - nearTokens), encoded.length), 1);
    CacheModel identifierCache = new CacheModel(1, state.identifierWindow() + 16);
    identifierCache.addDocument(
        EmbeddedPredictor.lastIdentifiers(tokens, encoded, state.identifierWindow()), 1);
    int[] history = new int[encoded.length + 1];
    history[0] = Vocabulary.BOS;
    for (int i = 0; i < encoded.length; i++) {
      history[i + 1] = encoded[i] & 0x7fffffff;
    }
    String lastText = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1).text();
    boolean member =
        lastText.equals(".")
            || lastText.equals("->")
            || lastText.equals("::")
            || lastText.equals("?.");
    // where each identifier of the file was last used before the cursor (recency, for ties)
    Map<String, Integer> lastUse = new HashMap<>();
    Set<String> afterMember = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (isWord(t)) {
        lastUse.put(t.text(), i);
        if (i > 0 && isMemberAccess(tokens.get(i - 1).text())) {
          afterMember.add(t.text());
        }
      }
    }
    for (int i = 0; i < suffixTokens.size(); i++) {
      Token t = suffixTokens.get(i);
      if (isWord(t)) {
        lastUse.putIfAbsent(t.text(), -1 - i);
        if (i > 0 && isMemberAccess(suffixTokens.get(i - 1).text())) {
          afterMember.add(t.text());
        }
      }
    }
    cancel.checkCanceled();
    return state.withModel(
        fim.path(),
        new LanguageState.RequestCaches(fileCache, nearCache, identifierCache),
        lm -> {
          LanguageModel.Context ctx = lm.context(history, history.length);
          Map<String, Origin> found = new LinkedHashMap<>();
          Candidates c = ctx.candidates(MODEL_CANDIDATES);
          for (int id : c.ids()) {
            offer(found, vocab.word(id), typed, Origin.MODEL);
          }
          for (String w : lastUse.keySet()) {
            offer(found, w, typed, Origin.FILE);
          }
          for (String k : language.keywords()) {
            offer(found, k, typed, Origin.KEYWORD);
          }
          if (!typed.isEmpty()) {
            // the learned workspace's words, newest first (learned since the static model was
            // built), then the most frequent: those starting with the typed word, and (once two
            // characters are typed) a bounded number matching by humps
            int[] byFrequency = state.snapshot().byFrequency();
            WorkspaceScan scan = new WorkspaceScan(typed);
            for (int id = vocab.size() - 1; id >= lm.base().vocabSize() && !scan.full(); id--) {
              scan.offer(found, vocab.word(id)); // learned since the static model was built
            }
            for (int i = 0; i < byFrequency.length && !scan.full(); i++) {
              scan.offer(found, vocab.word(byFrequency[i]));
            }
          }
          cancel.checkCanceled();
          TrieModel trie = lm.base();
          int memberNode = member ? trie.child(NgramCounts.ROOT, vocab.lookup(lastText)) : -1;
          List<Scored> scored = new ArrayList<>(found.size());
          for (Map.Entry<String, Origin> e : found.entrySet()) {
            String w = e.getKey();
            int id = vocab.lookup(w);
            double p = id == Vocabulary.UNK ? UNSEEN : Math.max(UNSEEN, ctx.prob(id));
            p *= MATCH_WEIGHT[WordMatch.of(typed, w)];
            if (member
                && !afterMember.contains(w)
                && (memberNode < 0 || id == Vocabulary.UNK || trie.child(memberNode, id) < 0)) {
              p *= NOT_A_MEMBER;
            }
            int used = lastUse.getOrDefault(w, Integer.MIN_VALUE);
            if (used >= 0) {
              p *= 1 + RECENCY * Math.exp(-(tokens.size() - used) / RECENCY_TOKENS);
            }
            scored.add(new Scored(w, p, e.getValue(), used));
          }
          scored.sort(
              Comparator.comparingDouble(Scored::p)
                  .reversed()
                  .thenComparing(Comparator.comparingInt(Scored::lastUse).reversed())
                  .thenComparing(Scored::word));
          List<RankedWord> out = new ArrayList<>(Math.min(limit, scored.size()));
          for (Scored s : scored) {
            if (out.size() >= limit) {
              break;
            }
            out.add(new RankedWord(s.word(), s.p(), s.origin()));
          }
          return out;
        });
  }

  /** Gathers the workspace's words matching the typed word, within bounds. */
  private static final class WorkspaceScan {
    private final String typed;
    private int prefixed;
    private int humps;

    WorkspaceScan(String typed) {
      this.typed = typed;
      this.humps = typed.length() < 2 ? VOCABULARY_HUMPS : 0;
    }

    boolean full() {
      return prefixed >= VOCABULARY_MATCHES && humps >= VOCABULARY_HUMPS;
    }

    void offer(Map<String, Origin> found, String w) {
      boolean prefix = w.regionMatches(true, 0, typed, 0, typed.length());
      if (prefix ? prefixed >= VOCABULARY_MATCHES : humps >= VOCABULARY_HUMPS) {
        return;
      }
      if (!prefix && WordMatch.of(typed, w) != WordMatch.HUMPS) {
        return;
      }
      if (WordRanking.offer(found, w, typed, Origin.WORKSPACE)) {
        if (prefix) {
          prefixed++;
        } else {
          humps++;
        }
      }
    }
  }

  private record Scored(String word, double p, Origin origin, int lastUse) {}

  /** Adds {@code w} when it is a word matching what was typed (and not just the typed word). */
  private static boolean offer(Map<String, Origin> found, String w, String typed, Origin origin) {
    if (found.containsKey(w)
        || w.equals(typed)
        || !isWord(w)
        || ReservedTokens.isPlaceholder(w)
        || WordMatch.of(typed, w) == WordMatch.NONE) {
      return false;
    }
    found.put(w, origin);
    return true;
  }

  private static boolean isMemberAccess(String op) {
    return op.equals(".") || op.equals("->") || op.equals("::") || op.equals("?.");
  }

  private static boolean isWord(Token t) {
    return (t.kind() == TokenKind.IDENTIFIER || t.kind() == TokenKind.KEYWORD) && isWord(t.text());
  }

  static boolean isWord(String w) {
    if (w.isEmpty()
        || !(Character.isLetter(w.charAt(0)) || w.charAt(0) == '_' || w.charAt(0) == '$')) {
      return false;
    }
    for (int i = 1; i < w.length(); i++) {
      if (!isWordChar(w.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}

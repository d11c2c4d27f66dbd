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
import dev.codeloop.model.embedded.lm.ImportNames;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.NgramCounts;
import dev.codeloop.model.embedded.lm.ScoreOrder;
import dev.codeloop.model.embedded.lm.Softmax;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.TypeMembers;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;

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

  /**
   * With nothing typed, the ghost text shows a word only where the model gives identifiers at least
   * this share of the next token: its gate is fitted at identifiers, and before a keyword or an
   * operator the list's first word is wrong (before this rule, 0 of the words shown before a
   * keyword were right; {@code MenuBenchmark -Dall=true}, docs/EMBEDDED-MODEL.md).
   */
  static final double MIN_IDENTIFIER_SHARE = 0.5;

  /**
   * With nothing typed, a keyword among the listed words that the model gives at least this share
   * of their probability together comes first in the menu where the keyword re-ranker has not put a
   * keyword first ({@link Ranked#expectedKeyword}). Alone, before the keyword re-ranker, this rule
   * (then for typed words too) took the menu's first word right before a keyword from 0.5 to 46.8 %
   * (Java) and 0 to 28.1 % (Python) with nothing typed (validation); beside the re-ranker it
   * changes about one word in a thousand there, and keeps a keyword first where the workspace is
   * that regular (docs/EMBEDDED-MODEL.md, "The keyword re-ranker"). Once a word is begun it cost
   * identifiers more than it gave (Java 81.1 → 80.4 % after one character).
   */
  static final double MIN_KEYWORD_SHARE = 0.5;

  /**
   * The workspace words starting with the typed text that the scan offers (the newest learned, then
   * the most frequent): 100, not 300 as before 2026-12-04 — the words past the first hundred were
   * rarely right and each costs the model's probability of it (validation split: the same or better
   * top-1 / top-5 in both languages, a quarter less time per menu).
   */
  private static final int VOCABULARY_MATCHES = 100;

  private static final int VOCABULARY_HUMPS = 60;

  List<RankedWord> rank(LanguageState state, FimRequest fim, int limit, CancelChecker cancel) {
    Ranked ranked = ranked(state, fim, cancel);
    List<RankedWord> out = new ArrayList<>(Math.min(limit, ranked.words().size() + 1));
    // a word put before the re-ranked ones: what the file's path says comes here, else a keyword
    // the model expects (the list is ranked for identifiers; the ghost text has the same rule, and
    // VS Code's ghost text follows the menu's selected word)
    String first = limit > 0 ? NewFileLines.word(state, fim) : null;
    if (first != null) {
      out.add(new RankedWord(first, 1, Origin.WORKSPACE));
    } else if (limit > 0) {
      first = ranked.expectedKeyword(state.language());
      for (int i = 0; first != null && out.isEmpty() && i < ranked.words().size(); i++) {
        if (ranked.words().get(i).word().equals(first)) {
          out.add(new RankedWord(first, ranked.probabilities()[i], Origin.KEYWORD));
        }
      }
    }
    for (int i = 0; i < ranked.words().size() && out.size() < limit; i++) {
      WordReranker.Candidate c = ranked.words().get(i);
      if (!c.word().equals(first)) {
        out.add(new RankedWord(c.word(), ranked.probabilities()[i], c.origin()));
      }
    }
    return out;
  }

  /**
   * The candidates ranked by the language's re-ranker, best first, with their softmax probabilities
   * over the list.
   *
   * @param typed the word typed so far
   * @param selfUnbound no function around the cursor binds Python's {@code self} ({@link
   *     Gathered#selfUnbound})
   */
  record Ranked(
      String typed,
      List<WordReranker.Candidate> words,
      double[] probabilities,
      double identifierShare,
      boolean selfUnbound) {
    /**
     * Whether the ghost text should show the first word ({@link WordReranker.Calibration}, fitted
     * where an identifier comes) — with nothing typed, only where the model gives identifiers at
     * least {@link #MIN_IDENTIFIER_SHARE} of the next token's probability.
     */
    boolean confident(WordReranker.Calibration calibration) {
      if (words.isEmpty() || typed.isEmpty() && identifierShare < MIN_IDENTIFIER_SHARE) {
        return false;
      }
      double second = probabilities.length > 1 ? probabilities[1] : 0;
      return calibration.show(probabilities[0], second, words.get(0).features());
    }

    /**
     * The keyword that comes first in the menu ({@link #rank}, with nothing typed too) and is the
     * ghost text's word once a word is begun, or null: where the language's keyword re-ranker
     * ({@link WordReranker#keywordsFor}, trained where keywords come as well as where identifiers
     * do) scores a keyword best among the same candidates, that keyword; with nothing typed, else a
     * keyword the model gives at least {@link #MIN_KEYWORD_SHARE} of the listed words' probability.
     * The words keep the order of the re-ranker trained where identifiers come.
     */
    String expectedKeyword(Language language) {
      String learned =
          WordReranker.keywordsFor(language).expectedKeyword(language, words, !typed.isEmpty());
      if (learned != null || !typed.isEmpty()) {
        return learned;
      }
      double total = 0;
      double best = 0;
      String keyword = null;
      for (WordReranker.Candidate c : words) {
        total += c.modelProbability();
        if (c.modelProbability() > best && language.isKeyword(c.word())) {
          best = c.modelProbability();
          keyword = c.word();
        }
      }
      return keyword != null && best >= MIN_KEYWORD_SHARE * total ? keyword : null;
    }
  }

  Ranked ranked(LanguageState state, FimRequest fim, CancelChecker cancel) {
    return ranked(state.language(), candidates(state, fim, cancel));
  }

  /** {@code g}'s candidates ranked by {@code language}'s re-ranker. */
  static Ranked ranked(Language language, Gathered g) {
    WordReranker.Part reranker = WordReranker.forLanguage(language).part(!g.typed().isEmpty());
    List<WordReranker.Candidate> list = g.candidates();
    double[] scores = reranker.scoresOf(list);
    if (g.throwable()) {
      for (int i = 0; i < scores.length; i++) {
        if (!throwableName(list.get(i).word())) {
          scores[i] -= NOT_THROWABLE;
        }
      }
    }
    ImportOrder importOrder = g.importOrder();
    if (importOrder != null) {
      for (int i = 0; i < scores.length; i++) {
        if (!importOrder.admits(list.get(i).word())) {
          scores[i] -= OUT_OF_ORDER;
        }
      }
    }
    if (g.nextParameter() != null) {
      for (int i = 0; i < scores.length; i++) {
        if (list.get(i).word().equals(g.nextParameter())) {
          scores[i] += ASSIGNED_IN_ORDER;
        }
      }
    }
    if (g.selfUnbound()) {
      for (int i = 0; i < scores.length; i++) {
        if (list.get(i).word().equals("self")) {
          scores[i] -= UNBOUND;
        }
      }
    }
    int[] order =
        ScoreOrder.descending(
            scores,
            (a, b) -> {
              // equal scores: the later last use first (a word never used, Integer.MIN_VALUE,
              // last), then by the word
              int c = Integer.compare(list.get(b).lastUse(), list.get(a).lastUse());
              return c != 0 ? c : list.get(a).word().compareTo(list.get(b).word());
            });
    double[] p = Softmax.of(scores);
    List<WordReranker.Candidate> sorted = new ArrayList<>(order.length);
    double[] probs = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      sorted.add(list.get(order[i]));
      probs[i] = p[order[i]];
    }
    return new Ranked(g.typed(), sorted, probs, g.identifierShare(), g.selfUnbound());
  }

  /**
   * The typed word and every candidate matching it, with its features (unordered), whether the word
   * names a thrown or caught type ({@link #throwableSite}), where the file sorts its imports the
   * statements around the one typed, whether no function around the cursor binds Python's {@code
   * self} ({@link FunctionScope#selfUnbound}), and the model's share of identifiers next: the
   * probability of the next token being an identifier, 1 less what the model's best next tokens
   * give keywords, operators, brackets and literals.
   */
  record Gathered(
      String typed,
      List<WordReranker.Candidate> candidates,
      boolean throwable,
      @Nullable ImportOrder importOrder,
      boolean selfUnbound,
      @Nullable String nextParameter,
      double identifierShare) {
    Gathered(String typed, List<WordReranker.Candidate> candidates) {
      this(typed, candidates, false, null, false, null, 1);
    }
  }

  /**
   * Subtracted from the score of a word that does not look like a throwable type where only one can
   * stand ({@link #throwableSite}): such a word stays in the list, below those that do.
   */
  static final double NOT_THROWABLE = 5;

  /**
   * Subtracted from the score of a word whose import statement would break the order of a file
   * whose imports are sorted ({@link ImportOrder}): such a word stays in the list, below those that
   * keep it.
   */
  static final double OUT_OF_ORDER = 5;

  /**
   * Subtracted from the score of Python's {@code self} where no function around the cursor binds it
   * ({@link Gathered#selfUnbound}): the module's level, a class body, a module-level function, a
   * base class list. It stays in the list, below the other words.
   */
  static final double UNBOUND = 5;

  /**
   * Added to the score of the parameter a function assigns next to the attribute of its name
   * ({@link FunctionScope#nextAssignedParameter}: {@code self.name = name} in order): enough to put
   * it first whatever the re-ranker says (with the workspace's and the platform's words learned,
   * the attribute just assigned led it by more than 5).
   */
  static final double ASSIGNED_IN_ORDER = 50;

  /**
   * Whether the word at the end of {@code tokens} is a type that is caught or thrown, in Java:
   * {@code catch (T}, {@code catch (A | T}, {@code throws T}, {@code throws A, T}, {@code throw new
   * T}. There a variable, a constant or a method (a {@code REGISTRY_PORT} or {@code Runnable}
   * before {@code RemoteException}) is never right.
   */
  static boolean throwableSite(Language language, List<Token> tokens) {
    if (language != Language.JAVA || tokens.isEmpty()) {
      return false;
    }
    int n = tokens.size();
    String last = tokens.get(n - 1).text();
    String before = n > 1 ? tokens.get(n - 2).text() : "";
    switch (last) {
      case "throws":
        return true;
      case "new":
        return before.equals("throw");
      case "(":
        return before.equals("catch");
      case "|":
      case ",":
        break;
      default:
        return false;
    }
    // back over the earlier types of a multi-catch or a throws list: names, dots, the separator
    for (int i = n - 2, steps = 0; i >= 0 && steps < 40; i--, steps++) {
      Token k = tokens.get(i);
      String t = k.text();
      if (k.kind() == TokenKind.IDENTIFIER || t.equals(".") || t.equals(last)) {
        continue;
      }
      if (last.equals("|")) {
        return t.equals("(") && i > 0 && tokens.get(i - 1).text().equals("catch");
      }
      return t.equals("throws");
    }
    return false;
  }

  /** The index of the first of {@code tokens} that starts at or after {@code lineStart}. */
  static int lineFrom(List<Token> tokens, int lineStart) {
    int from = tokens.size();
    while (from > 0 && tokens.get(from - 1).start() >= lineStart) {
      from--;
    }
    return from;
  }

  /** The texts of {@code tokens}. */
  static List<String> texts(List<Token> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      out.add(t.text());
    }
    return out;
  }

  /**
   * Whether {@code word} is named as a throwable type is in Java: {@code …Exception}, {@code
   * …Error}.
   */
  static boolean throwableName(String word) {
    return !word.isEmpty()
        && Character.isUpperCase(word.charAt(0))
        && (word.endsWith("Exception") || word.endsWith("Error") || word.equals("Throwable"));
  }

  Gathered candidates(LanguageState state, FimRequest fim, CancelChecker cancel) {
    Lexed lexed = lex(state.language(), fim);
    if (lexed.silent()) {
      return new Gathered(lexed.typed(), List.of());
    }
    Prepared p = prepare(state, lexed);
    try {
      cancel.checkCanceled();
      return state.withModel(fim.path(), p.caches(), lm -> gather(state, p, lm, cancel));
    } finally {
      state.release(p.caches()); // the candidates hold no reference to them
    }
  }

  /**
   * The text around the cursor lexed for the menu.
   *
   * @param typed the word typed so far
   * @param silent no menu here: a number is typed, or the cursor is inside a comment or a literal
   * @param tokens the significant tokens of the prefix up to the typed word
   * @param suffixTokens the significant tokens of the first 2,000 characters after the cursor
   * @param lineStart offset in the lexed text (the prefix up to the typed word) where the cursor's
   *     line starts: the tokens from there are the line's before the typed word
   * @param scope the function around the cursor ({@link FunctionScope#NONE} when none or silent)
   * @param selfUnbound no function around the cursor binds Python's {@code self} ({@link
   *     FunctionScope#selfUnbound}; false elsewhere)
   * @param blockMayContinue a block's continuation ({@code else}, {@code elif}, {@code except},
   *     {@code finally}) may begin here ({@link #blockMayContinue}; true but at a Python line's
   *     start)
   */
  record Lexed(
      String typed,
      boolean silent,
      List<Token> tokens,
      List<Token> suffixTokens,
      int lineStart,
      FunctionScope scope,
      boolean selfUnbound,
      boolean blockMayContinue) {}

  /**
   * The request's lexed text, encoded, with its caches (file, locality, identifiers), its history
   * and what {@link #scan} found in it: everything {@link #gather} needs besides the model.
   */
  record Prepared(
      Lexed lexed,
      int[] encoded,
      LanguageState.RequestCaches caches,
      int[] history,
      Map<String, Integer> lastUse,
      Map<String, Integer> lastMemberUse,
      Map<String, Integer> lastPlainUse,
      Map<String, Integer> count,
      Set<String> declared,
      Set<String> declaredBefore,
      Map<String, Integer> afterMember,
      Receiver receiver,
      ImportSite imports,
      Map<String, Integer> scopeUses,
      Set<String> scopeLocals,
      Set<String> scopeNameSubwords,
      LineStarts lineStarts) {}

  /**
   * Where the typed word is the first of its line (a statement's start, which the model's token
   * stream does not mark): how often each word of the file window starts a line, and the word the
   * line before the cursor's starts with. {@link #NONE} elsewhere.
   */
  record LineStarts(boolean here, Map<String, Integer> counts, String previous) {
    static final LineStarts NONE = new LineStarts(false, Map.of(), "");

    static LineStarts of(Lexed lexed) {
      List<Token> tokens = lexed.tokens();
      int n = tokens.size();
      if (n > 0 && tokens.get(n - 1).start() >= lexed.lineStart()) {
        return NONE; // the line holds tokens before the typed word
      }
      Map<String, Integer> counts = new HashMap<>();
      count(tokens, counts, true); // the window starts at a line
      count(lexed.suffixTokens(), counts, false); // the suffix at the cursor
      String previous = "";
      for (int i = n - 1; i >= 0 && tokens.get(i).line() == tokens.get(n - 1).line(); i--) {
        previous = tokens.get(i).text();
      }
      return new LineStarts(true, counts, previous);
    }

    private static void count(
        List<Token> tokens, Map<String, Integer> counts, boolean startsAtLine) {
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        boolean first =
            i == 0 ? startsAtLine || t.line() > 0 : tokens.get(i - 1).line() != t.line();
        if (first && isWord(t)) {
          counts.merge(t.text(), 1, Integer::sum);
        }
      }
    }
  }

  /**
   * An import statement being typed (null elsewhere): what the workspace's import statements had
   * after the same prefix ({@link ImportNames}; none when it never imported from there), what the
   * file already imports there (not offered again), the keywords that may come here ({@code static}
   * right after Java's {@code import}; no other), and where the file sorts its imports, the
   * statements around the one typed ({@link ImportOrder}; null when none bound it).
   */
  record ImportSite(
      Map<String, Integer> names,
      Set<String> imported,
      Set<String> keywords,
      @Nullable ImportOrder order) {
    static ImportSite of(
        Language language, TypeMembers learned, Lexed lexed, List<Token> suffixTokens) {
      List<Token> tokens = lexed.tokens();
      int before = lineFrom(tokens, lexed.lineStart());
      List<String> line = texts(tokens.subList(before, tokens.size()));
      ImportNames.Site site = ImportNames.site(language, line);
      if (site == null) {
        return null;
      }
      Map<String, Integer> names = learned.imports().after(site.prefix());
      Set<String> imported =
          !site.imports()
              ? Set.of()
              : ImportNames.imported(
                  language,
                  site.prefix(),
                  before + suffixTokens.size(),
                  i -> i < before ? tokens.get(i).text() : suffixTokens.get(i - before).text());
      boolean javaImport = language == Language.JAVA && line.equals(List.of("import"));
      ImportOrder order =
          site.imports()
              ? ImportOrder.of(language, tokens, before, site.prefix(), suffixTokens)
              : null;
      return new ImportSite(names, imported, javaImport ? Set.of("static") : Set.of(), order);
    }
  }

  /**
   * What the cursor's context says about types.
   *
   * @param type the declared type of the receiver before the cursor's member access, or null
   * @param windowMembers how often each member followed a receiver of {@code type} in the file
   *     window (before and after the cursor)
   * @param windowTotal the sum of {@code windowMembers}
   * @param lineType the type declared on the cursor's line when the cursor follows {@code = new} or
   *     {@code = (}, or null
   */
  record Receiver(
      String type, Map<String, Integer> windowMembers, int windowTotal, String lineType) {
    static final Receiver NONE = new Receiver(null, Map.of(), 0, null);
  }

  static Lexed lex(Language language, FimRequest fim) {
    String prefix = EmbeddedPredictor.window(fim.prefix(), language);
    return lex(language, fim, prefix, new CodeLexer(language).tokenize(prefix));
  }

  /**
   * {@link #lex(Language, FimRequest)} of a window already lexed: {@code prefix} is {@link
   * EmbeddedPredictor#window} of the request's prefix and {@code all} its tokens ({@link
   * CodeLexer#tokenize}), so that a caller which lexed the window does not lex it again.
   */
  static Lexed lex(Language language, FimRequest fim, String prefix, List<Token> all) {
    CodeLexer lexer = new CodeLexer(language);
    int start = prefix.length();
    while (start > 0 && Token.isWordChar(prefix.charAt(start - 1))) {
      start--;
    }
    String typed = prefix.substring(start);
    if (!typed.isEmpty() && Character.isDigit(typed.charAt(0))) {
      return new Lexed(typed, true, List.of(), List.of(), 0, FunctionScope.NONE, false, true);
    }
    if (!all.isEmpty()) {
      Token last = all.get(all.size() - 1);
      boolean touches = last.start() + last.text().length() == prefix.length();
      // a literal or comment from an earlier line is a docstring, a text block or a block comment
      // the cursor is in (the window never starts inside one: EmbeddedPredictor.window)
      if (touches
          && (last.kind() == TokenKind.COMMENT
              || last.kind() == TokenKind.STRING
              || last.kind() == TokenKind.CHAR)) {
        // inside a comment or a literal
        return new Lexed(typed, true, List.of(), List.of(), 0, FunctionScope.NONE, false, true);
      }
    }
    String before = prefix.substring(0, start);
    // the window's tokens up to the typed word are the text's before it when its last token is
    // the typed word (or nothing was typed) and no number comes just before it; otherwise (a token
    // running into the typed word, or `1.` read as `1` `.` because `e` follows) the text before it
    // is lexed on its own
    int n = all.size();
    List<Token> tokens =
        typed.isEmpty()
            ? CodeLexer.significant(all)
            : n > 0
                    && all.get(n - 1).start() == start
                    && all.get(n - 1).end() == prefix.length()
                    && (n < 2 || all.get(n - 2).kind() != TokenKind.NUMBER)
                    && (n < 3 || all.get(n - 3).kind() != TokenKind.NUMBER)
                ? CodeLexer.significant(all.subList(0, n - 1))
                : lexer.significantTokens(before);
    String suffix = EmbeddedPredictor.suffixWindow(fim.suffix());
    List<Token> suffixTokens = lexer.significantTokens(suffix);
    int lineStart = before.lastIndexOf('\n') + 1;
    return new Lexed(
        typed,
        false,
        tokens,
        suffixTokens,
        lineStart,
        FunctionScope.of(language, prefix, tokens, lineStart),
        language == Language.PYTHON && FunctionScope.selfUnbound(prefix, tokens, lineStart),
        language != Language.PYTHON || blockMayContinue(before, tokens, lineStart));
  }

  /**
   * Whether a Python block's continuation may begin the cursor's line: where the line above (the
   * last token's) is indented deeper, the block it ends may go on ({@code else:} after the body of
   * an {@code if}); at the same indentation only after a one-line compound statement ({@code if x:
   * y}); never where the line above is indented less (a block's first statement). In the standard
   * library's statements 10,013 of these keywords follow a deeper line, 55 a one-line statement and
   * none anything else. True where the typed word is not the line's first.
   *
   * @param before the text before the typed word
   */
  static boolean blockMayContinue(String before, List<Token> tokens, int lineStart) {
    int n = tokens.size();
    if (n == 0 || tokens.get(n - 1).start() >= lineStart) {
      return true;
    }
    int indent = before.length() - lineStart;
    int previousStart = before.lastIndexOf('\n', tokens.get(n - 1).start()) + 1;
    int previousIndent = FunctionScope.indentation(before, previousStart);
    if (previousIndent != indent) {
      return previousIndent > indent;
    }
    return ONE_LINE_COMPOUND.contains(tokens.get(lineFrom(tokens, previousStart)).text());
  }

  private static final Set<String> ONE_LINE_COMPOUND =
      Set.of("if", "elif", "else", "try", "except", "finally", "for", "while", "with", "async");

  private static final Set<String> PYTHON_BLOCK_CONTINUATIONS =
      Set.of("else", "elif", "except", "finally");

  /** Encodes {@code lexed} (not silent) and builds the request's caches. */
  static Prepared prepare(LanguageState state, Lexed lexed) {
    List<Token> tokens = lexed.tokens();
    List<Token> suffixTokens = lexed.suffixTokens();
    Vocabulary vocab = state.vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    int[] encoded = encoder.encode(tokens, true);
    int[] suffixEncoded = encoder.encode(suffixTokens, true);
    LanguageState.RequestCaches caches = state.requestCaches(tokens, encoded, suffixEncoded);
    int[] history = history(encoded);
    // where each identifier of the file was last used before the cursor, how often it occurs,
    // whether it is declared and whether it follows a member access
    Map<String, Integer> lastUse = new HashMap<>();
    // the last use in each role: after a member access, or not
    Map<String, Integer> lastMemberUse = new HashMap<>();
    Map<String, Integer> lastPlainUse = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    Set<String> declared = new HashSet<>();
    Map<String, Integer> afterMember = new HashMap<>();
    scan(tokens, lastUse, count, declared, afterMember, lastMemberUse, lastPlainUse, false);
    Set<String> declaredBefore = Set.copyOf(declared);
    scan(suffixTokens, lastUse, count, declared, afterMember, null, null, true);
    TypeMembers learned = state.snapshot().members();
    Receiver receiver = receiver(state.language(), learned, tokens, suffixTokens);
    ImportSite imports = ImportSite.of(state.language(), learned, lexed, suffixTokens);
    // the words the cursor's function used before it, in the cursor's role
    Map<String, Integer> scopeUses = new HashMap<>();
    int scopeStart = lexed.scope().start();
    if (scopeStart >= 0) {
      boolean member = !tokens.isEmpty() && isMemberAccess(tokens.get(tokens.size() - 1).text());
      for (int i = scopeStart; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (isWord(t) && (i > 0 && isMemberAccess(tokens.get(i - 1).text())) == member) {
          scopeUses.merge(t.text(), 1, Integer::sum);
        }
      }
    }
    Set<String> scopeNameSubwords = new HashSet<>();
    Subwords.addTo(lexed.scope().name(), scopeNameSubwords);
    return new Prepared(
        lexed,
        encoded,
        caches,
        history,
        lastUse,
        lastMemberUse,
        lastPlainUse,
        count,
        declared,
        declaredBefore,
        afterMember,
        receiver,
        imports,
        scopeUses,
        FunctionScope.locals(state.language(), tokens, scopeStart),
        scopeNameSubwords,
        LineStarts.of(lexed));
  }

  /** The model's history for {@code encoded} tokens: {@code <s>}, then their words. */
  static int[] history(int[] encoded) {
    int[] history = new int[encoded.length + 1];
    history[0] = Vocabulary.BOS;
    for (int i = 0; i < encoded.length; i++) {
      history[i + 1] = encoded[i] & 0x7fffffff;
    }
    return history;
  }

  /**
   * The receiver's type before a member access at the end of {@code tokens} (declarations of the
   * window before and after the cursor, then what {@code learned} knows of names and methods'
   * return types, {@link TypeMembers.Scanner}), the members that followed receivers of that type in
   * the window, and the type declared on the cursor's line after {@code = new} / {@code = (}.
   */
  static Receiver receiver(
      Language language, TypeMembers learned, List<Token> tokens, List<Token> suffixTokens) {
    int n = tokens.size();
    if (n < 2) {
      return Receiver.NONE;
    }
    String last = tokens.get(n - 1).text();
    boolean member = TypeMembers.isAccess(last);
    boolean typePosition =
        (last.equals("new") || last.equals("(")) && n >= 3 && tokens.get(n - 2).text().equals("=");
    if (!member && !typePosition) {
      return Receiver.NONE;
    }
    Map<String, Map<String, Integer>> pairs = new HashMap<>();
    TypeMembers.Sink sink =
        (type, m) -> pairs.computeIfAbsent(type, t -> new HashMap<>()).merge(m, 1, Integer::sum);
    TypeMembers.Scanner scanner = new TypeMembers.Scanner(language, learned.fallback());
    scanner.scan(n, i -> tokens.get(i).modelText(), sink);
    scanner.declareFrom(suffixTokens.size(), i -> suffixTokens.get(i).modelText(), sink);
    if (!member) {
      String lineType = scanner.typeOf(tokens.get(n - 3).text()); // T name = new|
      return lineType == null ? Receiver.NONE : new Receiver(null, Map.of(), 0, lineType);
    }
    String type = scanner.receiverType(n - 2, i -> tokens.get(i).modelText());
    if (type == null) {
      return Receiver.NONE;
    }
    Map<String, Integer> window = pairs.getOrDefault(type, Map.of());
    int total = 0;
    for (int c : window.values()) {
      total += c;
    }
    return new Receiver(type, window, total, null);
  }

  /**
   * The {@code expectedTokens} to build a request's cache of {@code tokens} tokens with: {@link
   * CacheModel} sizes its arrays for five entries per token at order 10, one file's text makes 7–8
   * (median 7.3, 90th percentile 7.8 over {@code java.net.http}'s files: most long n-grams of a
   * file are new), and growing the arrays copied them and rehashed once or twice per request. The
   * contents do not depend on it.
   */
  static int sizing(int tokens) {
    return tokens + tokens * 3 / 5 + 64;
  }

  /**
   * Every candidate matching the typed word, with its features (unordered), from {@code lm}: a
   * model made by {@link LanguageState#withModel} with {@code prepared}'s caches; with whether the
   * word names a thrown or caught type and the model's share of identifiers next.
   */
  static Gathered gather(
      LanguageState state, Prepared prepared, LanguageModel lm, CancelChecker cancel) {
    Language language = state.language();
    Vocabulary vocab = state.vocabulary();
    String typed = prepared.lexed().typed();
    List<Token> tokens = prepared.lexed().tokens();
    int[] history = prepared.history();
    Map<String, Integer> lastUse = prepared.lastUse();
    Map<String, Integer> lastMemberUse = prepared.lastMemberUse();
    Map<String, Integer> lastPlainUse = prepared.lastPlainUse();
    Map<String, Integer> count = prepared.count();
    Set<String> declared = prepared.declared();
    Map<String, Integer> afterMember = prepared.afterMember();
    String lastText = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1).text();
    boolean member = isMemberAccess(lastText);
    Receiver receiver = prepared.receiver();
    boolean declaring = declaring(language, tokens);
    boolean operand = expectsOperand(language, tokens, prepared.lexed().lineStart());
    TypeMembers typeMembers = state.snapshot().members();
    int receiverType = receiver.type() == null ? Vocabulary.UNK : vocab.lookup(receiver.type());
    int typeTotal = typeMembers.total(receiverType) + receiver.windowTotal();
    LanguageModel.Context ctx = lm.context(history, history.length);
    Set<String> lineWords = new HashSet<>();
    Set<String> lineSubwords = new HashSet<>();
    for (int i = tokens.size() - 1; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.start() < prepared.lexed().lineStart()) {
        break;
      }
      if (t.kind() == TokenKind.IDENTIFIER && lineWords.add(t.text())) {
        Subwords.addTo(t.text(), lineSubwords);
      }
    }
    Map<String, Origin> found = new LinkedHashMap<>();
    Map<String, Integer> modelRank = new HashMap<>();
    Candidates c = ctx.candidates(MODEL_CANDIDATES);
    double identifierShare = 1; // asked for with nothing typed only (Ranked.confident)
    for (int i = 0; i < c.ids().length; i++) {
      String w = vocab.word(c.ids()[i]);
      if (typed.isEmpty() && !language.isIdentifier(w)) {
        identifierShare -= c.probs()[i]; // an operator, a bracket, a literal, a keyword
      }
      modelRank.putIfAbsent(w, i);
      offer(found, w, typed, Origin.MODEL);
    }
    for (String w : lastUse.keySet()) {
      offer(found, w, typed, Origin.FILE);
    }
    ImportSite imports = prepared.imports();
    if (imports != null) {
      // an import statement: the names the workspace imported after the same prefix
      for (String w : imports.names().keySet()) {
        offer(found, w, typed, Origin.WORKSPACE);
      }
      for (String k : imports.keywords()) {
        offer(found, k, typed, Origin.KEYWORD);
      }
    } else {
      for (String k : language.keywords()) {
        offer(found, k, typed, Origin.KEYWORD);
      }
    }
    if (!typed.isEmpty()) {
      // the learned workspace's words, newest first (learned since the static model was
      // built), then the most frequent: those starting with the typed word, and (once two
      // characters are typed) a bounded number matching by humps
      LanguageState.Snapshot snapshot = state.snapshot();
      WorkspaceScan scan = new WorkspaceScan(typed);
      for (int id = vocab.size() - 1; id >= lm.base().vocabSize() && !scan.full(); id--) {
        scan.offer(found, vocab.word(id)); // learned since the static model was built
      }
      snapshot.forEachMayMatch(
          typed,
          id -> {
            scan.offer(found, vocab.word(id));
            return !scan.full();
          });
    }
    cancel.checkCanceled();
    TrieModel trie = lm.base();
    int dotNode = trie.child(NgramCounts.ROOT, vocab.lookup(member ? lastText : "."));
    int components = ctx.components();
    double[] component = new double[components];
    // the model's probability of every known word at once (a word at a time looks each up in
    // every component's table at every context length)
    int[] idOf = new int[found.size()];
    int[] known = new int[found.size()];
    int knownCount = 0;
    int at = 0;
    for (String w : found.keySet()) {
      int id = vocab.lookup(w);
      idOf[at++] = id;
      if (id != Vocabulary.UNK) {
        known[knownCount++] = id;
      }
    }
    double[][] byComponent = new double[components][knownCount];
    double[] mixed = ctx.probs(Arrays.copyOf(known, knownCount), byComponent);
    List<WordReranker.Candidate> scored = new ArrayList<>(found.size());
    at = -1;
    int knownAt = -1;
    for (Map.Entry<String, Origin> e : found.entrySet()) {
      String w = e.getKey();
      int id = idOf[++at];
      if (id != Vocabulary.UNK) {
        knownAt++;
      }
      if (declaring && (language.isKeyword(w) || TypeMembers.isSelf(w))) {
        continue; // a name being declared is never a keyword, self or this
      }
      if (language.isKeyword(w)
          && (operand && !operandKeyword(language, w, lastText)
              || !mayFollow(
                  language,
                  w,
                  tokens.isEmpty() ? null : lastText,
                  prepared.lexed().blockMayContinue()))) {
        continue; // a statement's keyword where a value must come (`x = i`: never `if`), or a
        // block's continuation where no block ended
      }
      if (imports != null
          && (imports.imported().contains(w)
              || language.isKeyword(w) && !imports.keywords().contains(w)
              || TypeMembers.isSelf(w))) {
        continue; // imported already, a keyword or self: never what an import names
      }
      double[] x = new double[WordReranker.SIZE];
      double p;
      if (id == Vocabulary.UNK) {
        p = WordReranker.FLOOR;
        Arrays.fill(component, 0);
        x[WordReranker.UNKNOWN] = 1;
      } else {
        for (int m = 0; m < components; m++) {
          component[m] = byComponent[m][knownAt];
        }
        p = Math.max(WordReranker.FLOOR, mixed[knownAt]);
        int node = trie.child(NgramCounts.ROOT, id);
        x[WordReranker.LOG_FREQUENCY] = Math.log1p(node < 0 ? 0 : trie.count(node));
      }
      // how often the word follows a member access, in the workspace and in the file
      int uses = count.getOrDefault(w, 0);
      int members = afterMember.getOrDefault(w, 0);
      if (id != Vocabulary.UNK) {
        int node = trie.child(NgramCounts.ROOT, id);
        uses += node < 0 ? 0 : trie.count(node);
        int after = dotNode < 0 ? -1 : trie.child(dotNode, id);
        members += after < 0 ? 0 : trie.count(after);
      }
      double share = (members + 0.5) / (uses + 1.0);
      if (member) {
        x[WordReranker.MEMBER_SHARE] = Math.log(Math.min(1, share));
        x[WordReranker.MEMBER_UNSEEN] = members == 0 ? 1 : 0;
      } else {
        x[WordReranker.NON_MEMBER_SHARE] =
            Math.log(Math.max(0.5, uses - members + 0.5) / (uses + 1.0));
      }
      x[WordReranker.LOG_P] = Math.log(p);
      // components: static, then the caches outermost first (recent, [directory,] file,
      // near, identifiers)
      x[WordReranker.LOG_STATIC] = logFloor(component[0]);
      x[WordReranker.LOG_RECENT] = logFloor(component[1]);
      x[WordReranker.LOG_DIRECTORY] =
          components == 6 ? logFloor(component[2]) : Math.log(WordReranker.FLOOR);
      x[WordReranker.LOG_FILE] = logFloor(component[components - 3]);
      x[WordReranker.LOG_NEAR] = logFloor(component[components - 2]);
      x[WordReranker.LOG_IDENTIFIERS] = logFloor(component[components - 1]);
      int used = lastUse.getOrDefault(w, Integer.MIN_VALUE);
      // recency in the cursor's role: a name used only as a member says little about
      // the next plain name, and the reverse
      Integer sameRole = (member ? lastMemberUse : lastPlainUse).get(w);
      if (sameRole != null) {
        double d = tokens.size() - sameRole;
        x[WordReranker.RECENCY_20] = Math.exp(-d / 20);
        x[WordReranker.RECENCY_200] = Math.exp(-d / 200);
        x[WordReranker.USED_BEFORE] = 1;
      } else if (used >= 0) {
        // used in the other role only: how often the word takes the cursor's role
        x[WordReranker.OTHER_ROLE] = 1;
        x[WordReranker.OTHER_ROLE_SHARE] =
            member ? x[WordReranker.MEMBER_SHARE] : x[WordReranker.NON_MEMBER_SHARE];
      } else if (used != Integer.MIN_VALUE) {
        x[WordReranker.ONLY_AFTER] = 1;
      }
      x[WordReranker.LOG_COUNT] = Math.log1p(count.getOrDefault(w, 0));
      x[WordReranker.DECLARED] = declared.contains(w) ? 1 : 0;
      int match = WordMatch.of(typed, w);
      x[WordReranker.IGNORING_CASE] = match == WordMatch.PREFIX_IGNORING_CASE ? 1 : 0;
      x[WordReranker.HUMPS] = match == WordMatch.HUMPS ? 1 : 0;
      x[WordReranker.KEYWORD] = language.isKeyword(w) ? 1 : 0;
      x[WordReranker.LOG_LENGTH] = Math.log(w.length());
      x[WordReranker.MODEL_RANK] = Math.log1p(modelRank.getOrDefault(w, MODEL_CANDIDATES));
      x[WordReranker.CAPITALISED] = Character.isUpperCase(w.charAt(0)) ? 1 : 0;
      x[WordReranker.ON_LINE] = lineWords.contains(w) ? 1 : 0;
      x[WordReranker.LINE_SUBWORDS] =
          lineSubwords.isEmpty() ? 0 : Subwords.shareFoundIn(w, lineSubwords);
      if (typeTotal > 0) {
        int asMember =
            typeMembers.count(receiverType, id) + receiver.windowMembers().getOrDefault(w, 0);
        x[WordReranker.TYPE_MEMBER] = Math.log((asMember + 0.5) / (typeTotal + 1.0));
        x[WordReranker.TYPE_UNSEEN] = typeTotal >= 5 && asMember == 0 ? 1 : 0;
      }
      x[WordReranker.LINE_TYPE] = w.equals(receiver.lineType()) ? 1 : 0;
      x[WordReranker.SCOPE_USES] = Math.log1p(prepared.scopeUses().getOrDefault(w, 0));
      x[WordReranker.SCOPE_PARAMETER] = prepared.lexed().scope().parameters().contains(w) ? 1 : 0;
      x[WordReranker.SCOPE_LOCAL] = prepared.scopeLocals().contains(w) ? 1 : 0;
      x[WordReranker.SCOPE_NAME_SUBWORDS] =
          prepared.scopeNameSubwords().isEmpty()
              ? 0
              : Subwords.shareFoundIn(w, prepared.scopeNameSubwords());
      x[WordReranker.ALL_CAPS] = allCaps(w) ? 1 : 0;
      LineStarts starts = prepared.lineStarts();
      if (starts.here()) {
        x[WordReranker.LINE_START_SHARE] =
            Math.log((starts.counts().getOrDefault(w, 0) + 0.5) / (count.getOrDefault(w, 0) + 1.0));
        x[WordReranker.PREVIOUS_LINE_START] = w.equals(starts.previous()) ? 1 : 0;
      }
      if (declaring) {
        x[WordReranker.DECLARING_DECLARED] = prepared.declaredBefore().contains(w) ? 1 : 0;
        x[WordReranker.DECLARING_USED] = used >= 0 ? 1 : 0;
        x[WordReranker.DECLARING_ONLY_AFTER] = x[WordReranker.ONLY_AFTER];
      }
      scored.add(new WordReranker.Candidate(w, e.getValue(), x, p, used));
    }
    return new Gathered(
        typed,
        scored,
        throwableSite(language, tokens),
        imports == null ? null : imports.order(),
        prepared.lexed().selfUnbound(),
        FunctionScope.nextAssignedParameter(language, tokens, prepared.lexed().scope()),
        Math.max(0, identifierShare));
  }

  /**
   * Whether the cursor is where a value must come, in a language whose keywords there are known
   * ({@link #operandKeyword}): after an assignment, a comparison or another binary operator, an
   * opening bracket or a comma (Python), or a keyword that takes a value ({@code return}, {@code
   * in}, {@code if} …), the last token on the cursor's line (a bare {@code return} ending the line
   * above says nothing of this one). Java's brackets and commas are left out: a declaration's
   * parameters ({@code void f(int x, long y)}), a cast and a {@code for} header take type keywords
   * there.
   */
  static boolean expectsOperand(Language language, List<Token> tokens, int lineStart) {
    int n = tokens.size();
    if (n == 0 || tokens.get(n - 1).start() < lineStart) {
      return false;
    }
    String t = tokens.get(n - 1).text();
    return switch (language) {
      case PYTHON -> PYTHON_OPERAND_AFTER.contains(t);
      case JAVA -> JAVA_OPERAND_AFTER.contains(t);
      default -> false;
    };
  }

  /** The keywords that may begin a value in {@code language}, after {@code last}. */
  static boolean operandKeyword(Language language, String keyword, String last) {
    return switch (language) {
      case PYTHON ->
          PYTHON_OPERAND_KEYWORDS.contains(keyword)
              || keyword.equals("in") && last.equals("not") // x not in y
              || keyword.equals("from") && last.equals("yield"); // yield from
      case JAVA -> JAVA_OPERAND_KEYWORDS.contains(keyword);
      default -> true;
    };
  }

  /**
   * Whether {@code keyword} may come here as far as the continuations of a block go. In Java after
   * the token {@code last} (null: nothing before it): {@code catch} and {@code finally} only after
   * the {@code }} of the block they continue, {@code else} only after a {@code }} or the {@code ;}
   * of an unbraced branch (in the JDK's sources: 12,275 {@code } catch}, 3,544 {@code } finally},
   * 36,831 {@code } else} and 3,550 {@code ; else}, and no other). In Python {@code else}, {@code
   * elif}, {@code except} and {@code finally} only where {@code blockMayContinue} ({@link
   * Lexed#blockMayContinue}).
   */
  static boolean mayFollow(
      Language language, String keyword, String last, boolean blockMayContinue) {
    if (language == Language.PYTHON) {
      return blockMayContinue || !PYTHON_BLOCK_CONTINUATIONS.contains(keyword);
    }
    if (language != Language.JAVA || last == null) {
      return true;
    }
    return switch (keyword) {
      case "catch", "finally" -> last.equals("}");
      case "else" -> last.equals("}") || last.equals(";");
      default -> true;
    };
  }

  private static final Set<String> PYTHON_OPERAND_AFTER =
      Set.of(
          "=",
          "+=",
          "-=",
          "*=",
          "/=",
          "//=",
          "%=",
          "**=",
          "@=",
          "&=",
          "|=",
          "^=",
          ">>=",
          "<<=",
          ":=",
          "==",
          "!=",
          "<",
          ">",
          "<=",
          ">=",
          "+",
          "-",
          "*",
          "/",
          "//",
          "%",
          "**",
          "@",
          "&",
          "|",
          "^",
          "~",
          "<<",
          ">>",
          "->",
          "(",
          "[",
          "{",
          ",",
          "return",
          "in",
          "not",
          "and",
          "or",
          "is",
          "if",
          "elif",
          "while",
          "assert",
          "del",
          "raise",
          "with",
          "except",
          "yield",
          "await",
          "lambda",
          "for",
          "import",
          "from",
          "global",
          "nonlocal",
          "else",
          "as");

  private static final Set<String> PYTHON_OPERAND_KEYWORDS =
      Set.of("None", "True", "False", "not", "lambda", "await", "yield");

  private static final Set<String> JAVA_OPERAND_AFTER =
      Set.of(
          "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=", "==", "!=",
          "<=", ">=", "&&", "||", "!", "+", "*", "/", "%", "^", "return", "throw");

  /**
   * Java's keywords that may begin a value: a primitive type's class literal ({@code x ==
   * int.class}, 550 times in the JDK's sources after such a token) and the contextual keywords,
   * which are also names ({@code String format = record.getMessage()}).
   */
  private static final Set<String> JAVA_OPERAND_KEYWORDS =
      Set.of(
          "new", "this", "super", "null", "true", "false", "switch", "int", "long", "double",
          "float", "boolean", "char", "byte", "short", "void", "var", "record", "yield", "sealed",
          "permits");

  /**
   * Whether the word at the end of {@code tokens} names something being declared: after a declaring
   * keyword ({@code def}, {@code class}, {@code var}, …), or in a brace language after a type
   * ({@code Type n}, {@code Type<…> n}, {@code Type[] n}, {@code int n}) that is not a member
   * access, an annotation or a {@code new}.
   */
  static boolean declaring(Language language, List<Token> tokens) {
    int n = tokens.size();
    if (n == 0) {
      return false;
    }
    Token last = tokens.get(n - 1);
    String t = last.text();
    String before = n > 1 ? tokens.get(n - 2).text() : "";
    if (DECLARING_HERE.contains(t)) {
      return !before.equals("."); // not Foo.class
    }
    if (language.indentationBlocks() || NOT_BEFORE_A_DECLARED_TYPE.contains(before)) {
      return false;
    }
    return last.kind() == TokenKind.IDENTIFIER && Character.isUpperCase(t.charAt(0))
        || PRIMITIVE_TYPES.contains(t) && !t.equals("void")
        || t.equals("]") && before.equals("[")
        || (t.equals(">") || t.equals(">>") || t.equals(">>>")) && closesTypeArguments(tokens);
  }

  /**
   * Whether the {@code >} at the end of {@code tokens} closes type arguments ({@code Map<K,
   * List<V>>} after a capitalised type name) rather than being a comparison: within 30 tokens back,
   * only names, {@code , . ? [ ]}, {@code extends}/{@code super} and angle brackets, balanced.
   */
  private static boolean closesTypeArguments(List<Token> tokens) {
    int open = 0;
    for (int i = tokens.size() - 1, steps = 0; i >= 0 && steps < 30; i--, steps++) {
      Token k = tokens.get(i);
      String s = k.text();
      if (s.chars().allMatch(c -> c == '>')) {
        open += s.length();
      } else if (s.equals("<")) {
        if (--open == 0) {
          return i > 0
              && tokens.get(i - 1).kind() == TokenKind.IDENTIFIER
              && Character.isUpperCase(tokens.get(i - 1).text().charAt(0));
        }
      } else if (!(k.kind() == TokenKind.IDENTIFIER
          || s.equals(",")
          || s.equals(".")
          || s.equals("?")
          || s.equals("[")
          || s.equals("]")
          || s.equals("extends")
          || s.equals("super"))) {
        return false;
      }
    }
    return false;
  }

  /** A type after these is not followed by a name being declared. */
  private static final Set<String> NOT_BEFORE_A_DECLARED_TYPE =
      Set.of(".", "new", "@", "::", "extends", "implements", "throws", "permits", "import");

  private static final Set<String> DECLARING_HERE =
      Set.of(
          "def",
          "class",
          "function",
          "var",
          "let",
          "const",
          "fn",
          "func",
          "struct",
          "interface",
          "enum",
          "record",
          "type");

  /**
   * The characters of {@code w} as a set of bits, for a quick test that a word cannot match what
   * was typed ({@link WordMatch}: every typed character, ignoring case, is a character of the word,
   * for a prefix as for humps): one bit per ASCII letter ignoring case, digit, {@code _} and {@code
   * $}, one for any other ASCII character. Beyond ASCII case folding is not this simple: a word
   * with such a character gets every bit (it is never skipped), typed text with one gets none (it
   * skips nothing).
   */
  static long characters(String w) {
    long bits = 0;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c >= 128) {
        return -1L;
      }
      bits |= 1L << characterBit(c);
    }
    return bits;
  }

  /** For typed text: the bits every word matching it has ({@link #characters}). */
  static long needed(String typed) {
    long bits = characters(typed);
    return bits == -1L ? 0 : bits;
  }

  /**
   * The characters that start {@code w} or one of its humps ({@link WordMatch#humpStart}) as a set
   * of bits: a word matching typed text, by its prefix or by humps, has the typed text's first
   * character (ignoring case) at one of these places ({@link #neededStart}). One bit per ASCII
   * letter ignoring case, one for any digit, one for any other ASCII character; a word with a
   * character beyond ASCII there gets every bit, as in {@link #characters}.
   */
  static int starts(String w) {
    int bits = 0;
    for (int k = 0; k < w.length(); k++) {
      if (k == 0 || WordMatch.humpStart(w, k)) {
        char c = w.charAt(k);
        if (c >= 128) {
          return -1;
        }
        bits |= 1 << startBit(c);
      }
    }
    return bits;
  }

  /** For typed text: the bit of its first character ({@link #starts}); none beyond ASCII. */
  static int neededStart(String typed) {
    char c = typed.isEmpty() ? 128 : typed.charAt(0);
    return c >= 128 ? 0 : 1 << startBit(c);
  }

  /**
   * Whether a word with these {@link #characters} and {@link #starts} may match typed text with
   * these {@link #needed} and {@link #neededStart} bits: false only where it matches in no way.
   */
  static boolean mayMatch(long needed, int neededStart, long characters, int starts) {
    return (needed & ~characters) == 0 && (starts & neededStart) == neededStart;
  }

  private static int startBit(char c) {
    int bit = characterBit(c);
    return bit < 26 ? bit : bit < 36 ? 26 : 27;
  }

  private static int characterBit(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= '0' && c <= '9') {
      return 26 + c - '0';
    }
    return c == '_' ? 36 : c == '$' ? 37 : 38;
  }

  private static double logFloor(double p) {
    return Math.log(Math.max(WordReranker.FLOOR, p));
  }

  /**
   * Records, for the words among {@code tokens}, their last use (index before the cursor, or {@code
   * -1 - i} after it when not used before), their count, whether they are declared there (a name
   * after a declaring keyword, or after a type name and before {@code = ; , ) :}), how often they
   * follow a member access and (before the cursor) their last use in each role.
   */
  private static void scan(
      List<Token> tokens,
      Map<String, Integer> lastUse,
      Map<String, Integer> count,
      Set<String> declared,
      Map<String, Integer> afterMember,
      Map<String, Integer> lastMemberUse,
      Map<String, Integer> lastPlainUse,
      boolean after) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (!isWord(t)) {
        continue;
      }
      String w = t.text();
      if (after) {
        lastUse.putIfAbsent(w, -1 - i);
      } else {
        lastUse.put(w, i);
      }
      count.merge(w, 1, Integer::sum);
      String prev = i > 0 ? tokens.get(i - 1).text() : "";
      if (!after) {
        (isMemberAccess(prev) ? lastMemberUse : lastPlainUse).put(w, i);
      }
      if (isMemberAccess(prev)) {
        afterMember.merge(w, 1, Integer::sum);
        continue;
      }
      if (t.kind() != TokenKind.IDENTIFIER) {
        continue;
      }
      if (DECLARING.contains(prev)) {
        declared.add(w);
      } else if (i > 0
          && i + 1 < tokens.size()
          && endsType(tokens.get(i - 1))
          && DECLARATION_END.contains(tokens.get(i + 1).text())) {
        declared.add(w);
      }
    }
  }

  /**
   * Words after which the file declares a name (for the {@code declared} feature): those where the
   * cursor declares one ({@link #DECLARING_HERE}), and those naming something that exists elsewhere
   * or a short-lived name ({@code import x}, {@code as x}, {@code global x}, {@code for x}, {@code
   * lambda x}).
   */
  private static final Set<String> DECLARING =
      union(DECLARING_HERE, Set.of("import", "as", "global", "nonlocal", "lambda", "for"));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /**
   * Whether {@code t} can end a declared type, so that a name right after it may be declared: a
   * name, a primitive type, {@code >} of type arguments, {@code ]} of an array type.
   */
  static boolean endsType(Token t) {
    String s = t.text();
    return t.kind() == TokenKind.IDENTIFIER
        || PRIMITIVE_TYPES.contains(s)
        || s.equals(">")
        || s.equals("]");
  }

  private static final Set<String> PRIMITIVE_TYPES =
      Set.of(
          "int",
          "long",
          "short",
          "byte",
          "char",
          "boolean",
          "float",
          "double",
          "var",
          "auto",
          "unsigned",
          "void");
  private static final Set<String> DECLARATION_END = Set.of("=", ";", ",", ")", ":", "(");

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

  /** Adds {@code w} when it is a word matching what was typed (and not just the typed word). */
  private static boolean offer(Map<String, Origin> found, String w, String typed, Origin origin) {
    if (found.containsKey(w)
        || w.equals(typed)
        || !Token.isWord(w)
        || ReservedTokens.isPlaceholder(w)
        || WordMatch.of(typed, w) == WordMatch.NONE) {
      return false;
    }
    found.put(w, origin);
    return true;
  }

  /** Two or more letters, all upper case ({@code MAX_SIZE}, {@code DEBUG}): a constant's name. */
  static boolean allCaps(String w) {
    int letters = 0;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      if (Character.isLetter(c)) {
        letters++;
      }
    }
    return letters >= 2;
  }

  private static boolean isMemberAccess(String op) {
    return op.equals(".") || op.equals("->") || op.equals("::") || op.equals("?.");
  }

  private static boolean isWord(Token t) {
    return (t.kind() == TokenKind.IDENTIFIER || t.kind() == TokenKind.KEYWORD)
        && Token.isWord(t.text());
  }
}

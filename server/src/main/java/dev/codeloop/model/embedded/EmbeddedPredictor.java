package dev.codeloop.model.embedded;

import com.google.common.base.Suppliers;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Detokenizer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.ReservedTokens;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import dev.codeloop.model.embedded.lm.BeamSearch;
import dev.codeloop.model.embedded.lm.Candidates;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.SuggestionPolicy;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Turns a fill-in-the-middle request into suggestions: lexes the text around the cursor, builds the
 * current-file cache, completes a partial identifier first, runs the beam search and renders the
 * confident part of the best continuations back to source text.
 */
final class EmbeddedPredictor {
  private static final int PREFIX_WINDOW_CHARS = 6_000;
  private static final int SUFFIX_WINDOW_CHARS = 2_000;
  private static final int MAX_BLOCK_LINES = 6;

  /** Tokens before the cursor a continuation's spacing reads (its open brackets; {@link #lead}). */
  private static final int LEAD_TOKENS = 200;

  /**
   * The ghost text starts with something other than a word (an operator, a bracket) only when the
   * model gives that first token at least this probability: more than all words together.
   */
  private static final double MIN_NON_WORD_PROB = 0.5;

  /**
   * With nothing typed, a keyword the model expects more than all identifiers together is the ghost
   * text's start when the model gives it at least this probability, and nothing is shown when it
   * gives it less (chosen on the validation split among 0.5, 0.7 and 0.85: docs/EMBEDDED-MODEL.md,
   * "The ghost text before every token").
   */
  private static final double MIN_KEYWORD_PROB = 0.7;

  /**
   * With nothing typed, what follows the ghost text's first word is shown as far as it is at least
   * this likely given that word: the line's policy alone (a line likely at 0.2 as a whole) made a
   * tenth of the shown words wrong as a whole (validation split, before identifiers: 81 % right in
   * the first word, 71 % as a whole; 76 % with this cut, 78 % at 0.7, which shortens more of the
   * long lines a user accepts with one key).
   */
  private static final double MIN_CONTINUATION_PROB = 0.5;

  private final long searchBudgetNanos;
  private final long requestedSearchBudgetNanos;

  /**
   * @param searchBudgetNanos latency budget of one request; the search keeps what it found when it
   *     runs out
   */
  EmbeddedPredictor(long searchBudgetNanos) {
    this(searchBudgetNanos, true);
  }

  /**
   * @param shareWithMenu whether the ghost text ranks the menu's words with the request caches and
   *     the model of its beam search (the product); {@code false} ranks them on their own, as a
   *     menu request would (tests compare the two)
   */
  EmbeddedPredictor(long searchBudgetNanos, boolean shareWithMenu) {
    this(searchBudgetNanos, searchBudgetNanos, shareWithMenu);
  }

  /**
   * @param requestedSearchBudgetNanos the budget of a request the user asked for and waits for
   *     ({@link FimRequest#requested})
   */
  EmbeddedPredictor(
      long searchBudgetNanos, long requestedSearchBudgetNanos, boolean shareWithMenu) {
    this.searchBudgetNanos = searchBudgetNanos;
    this.requestedSearchBudgetNanos = requestedSearchBudgetNanos;
    this.shareWithMenu = shareWithMenu;
  }

  private final boolean shareWithMenu;

  /**
   * The beam search's hypotheses and, for the ghost text when it shared the request's caches with
   * the menu, the menu's ranked words from the same model ({@code null} otherwise).
   */
  private record Searched(List<BeamSearch.Hypothesis> hypotheses, WordRanking.Ranked menu) {
    static final Searched NOTHING = new Searched(List.of(), null);
  }

  private final BeamSearch lineSearch = new BeamSearch(4, 24);
  private final BeamSearch blockSearch = new BeamSearch(4, 64);

  List<String> complete(LanguageState state, FimRequest fim, int candidates, CancelChecker cancel) {
    long deadline =
        System.nanoTime() + (fim.requested() ? requestedSearchBudgetNanos : searchBudgetNanos);
    Language language = state.language();
    CodeLexer lexer = new CodeLexer(language);
    String prefix = window(fim.prefix(), language);
    String suffix = suffixWindow(fim.suffix());
    List<Token> lexedPrefix = lexer.tokenize(prefix);
    List<Token> tokens = CodeLexer.significant(lexedPrefix);
    String partial = "";
    if (!tokens.isEmpty()) {
      Token last = tokens.get(tokens.size() - 1);
      boolean atEnd = last.end() == prefix.length();
      if (atEnd && (last.kind() == TokenKind.IDENTIFIER || last.kind() == TokenKind.KEYWORD)) {
        partial = last.text();
        tokens = tokens.subList(0, tokens.size() - 1);
      } else if (atEnd
          && last.kind() == TokenKind.STRING
          && StringLiterals.openQuote(last.text()) != null) {
        // inside a string begun: the literal the file put after the same two tokens, if one
        return stringRest(tokens.subList(0, tokens.size() - 1), last.text(), suffix);
      } else if (atEnd
          && (last.kind() == TokenKind.STRING
              || last.kind() == TokenKind.CHAR
              || last.kind() == TokenKind.NUMBER)) {
        return List.of(); // inside a literal: nothing sensible to say
      }
    }
    String suffixLine = firstLine(suffix);
    String fileLine = NewFileLines.rest(state, fim, prefix, tokens, partial, suffixLine);
    if (fileLine != null) {
      return List.of(fileLine); // what the file's path says comes here: no search needed
    }
    String assignment = FunctionScope.assignmentRest(language, prefix, tokens, partial, suffixLine);
    if (assignment != null) {
      return List.of(assignment); // a constructor assigning its parameters in order
    }
    List<Token> suffixTokens = lexer.significantTokens(suffixLine);
    boolean midLine = !suffixLine.isBlank();
    Vocabulary vocab = state.vocabulary();
    String lastText = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1).text();
    // a block opens after { or, in an indentation language, after a : outside every bracket (not a
    // dict's {, an entry's or a slice's :) — unless a space typed after it goes on on the line
    // (if done: return, { return x; })
    boolean blockOpener =
        lastText != null
            && partial.isEmpty()
            && !(endsWithSpace(prefix) && !endsWithNewlineAndIndent(prefix))
            && (language.indentationBlocks()
                ? lastText.equals(":") && openBrackets(tokens) == 0
                : lastText.equals("{"));
    boolean cursorAtLineEnd = !midLine && !prefix.isEmpty() && !endsWithNewlineAndIndent(prefix);
    int maxLines = fim.multiline() && blockOpener && !midLine ? MAX_BLOCK_LINES : 1;
    boolean ghost = candidates == 1 && maxLines == 1;
    // The automatic ghost text ranks the menu's words too. The menu lexes the same window, so
    // when it cuts the same tokens before the cursor (almost always: the typed word is the
    // partial identifier) its encoding, request caches and history are the ones built here:
    // build them once and run both in one model.
    WordRanking.Lexed menu = ghost ? WordRanking.lex(language, fim, prefix, lexedPrefix) : null;
    WordRanking.Prepared shared =
        shareWithMenu && menu != null && !menu.silent() && menu.tokens().equals(tokens)
            ? WordRanking.prepare(state, menu)
            : null;
    int[] encoded;
    int[] history;
    LanguageState.RequestCaches caches;
    if (shared != null) {
      encoded = shared.encoded();
      history = shared.history();
      caches = shared.caches();
    } else {
      TokenEncoder encoder = new TokenEncoder(vocab);
      encoded = encoder.encode(tokens, true);
      int[] suffixEncoded = encoder.encode(lexer.significantTokens(suffix), true);
      caches = state.requestCaches(tokens, encoded, suffixEncoded);
      history = WordRanking.history(encoded);
    }
    int stop = suffixTokens.isEmpty() ? -1 : vocab.lookup(suffixTokens.get(0).modelText());
    // a string the model predicts is shown where the file says which (else the search stops there);
    // the file's literals are read when the search first meets a string
    List<Token> before = tokens;
    Supplier<StringLiterals> literals = Suppliers.memoize(() -> StringLiterals.of(before));
    int string = vocab.lookup(ReservedTokens.STRING);
    String finalPartial = partial;
    List<Token> contextTokens = tokens;
    int stopNesting = -Math.max(0, openBrackets(lastLine(tokens)) - closingBrackets(suffixTokens));
    LanguageState.Snapshot snapshot = state.snapshot();
    Searched searched;
    try {
      searched =
          state.withModel(
              fim.path(),
              caches,
              lm -> {
                LanguageModel.Context ctx = lm.context(history, history.length);
                int[] first = null;
                if (!finalPartial.isEmpty()) {
                  first = matching(finalPartial, ctx, vocab, encoded, snapshot);
                  int exact = vocab.lookup(finalPartial);
                  if (exact != Vocabulary.UNK && first.length > 0) {
                    first = Arrays.copyOf(first, first.length + 1);
                    first[first.length - 1] = exact;
                  }
                  if (first.length == 0) {
                    return Searched.NOTHING;
                  }
                } else {
                  if (ctx.evidence() == 0) {
                    return Searched.NOTHING;
                  }
                  if (cursorAtLineEnd && maxLines == 1 && ctx.lineEndProb() > 0.5) {
                    return Searched.NOTHING; // the statement is complete; the next line is not ours
                  }
                }
                BeamSearch.Request req =
                    new BeamSearch.Request(
                        history,
                        history.length,
                        first,
                        stop,
                        stopNesting,
                        openParens(lastLine(contextTokens)),
                        maxLines,
                        w -> blockDelta(vocab.word(w)),
                        w -> parenDelta(vocab.word(w)),
                        (w, one, two) ->
                            w <= Vocabulary.BOS
                                || ReservedTokens.isPlaceholder(vocab.word(w))
                                    && !(w == string
                                        && one >= 0
                                        && literals
                                                .get()
                                                .after(
                                                    two < 0 ? null : vocab.word(two),
                                                    vocab.word(one))
                                            != null));
                List<BeamSearch.Hypothesis> found =
                    (maxLines > 1 ? blockSearch : lineSearch).search(lm, req, cancel, deadline);
                if (found.isEmpty() || shared == null) {
                  return new Searched(found, null);
                }
                return new Searched(
                    found,
                    WordRanking.ranked(language, WordRanking.gather(state, shared, lm, cancel)));
              });
    } finally {
      state.release(caches); // the search is over: nothing refers to them any more
    }
    List<BeamSearch.Hypothesis> hyps = searched.hypotheses();
    if (hyps.isEmpty()) {
      return List.of(); // no evidence, a complete statement, or no word extends the typed one
    }
    Site site =
        new Site(
            language,
            vocab,
            tokens,
            prefix,
            partial,
            suffixTokens,
            blockOpener && cursorAtLineEnd,
            literals,
            Suppliers.memoize(() -> new Detokenizer(language).following(before)));
    if (ghost) {
      // the automatic ghost text: shown when the re-ranked words' calibrated confidence says so
      WordRanking.Ranked ranked =
          searched.menu() != null ? searched.menu() : new WordRanking().ranked(state, fim, cancel);
      return ghost(
          ranked, WordReranker.forLanguage(language).part(!partial.isEmpty()).gate(), hyps, site);
    }
    return render(hyps, candidates, site, maxLines > 1, maxLines > 1 && closedBelow(suffix));
  }

  /**
   * The rest of the string literal {@code typed} begins, as {@link StringLiterals#rest} finds it
   * before the cursor, without its closing quote when the editor put that quote after the cursor.
   */
  private static List<String> stringRest(List<Token> before, String typed, String suffix) {
    String rest = StringLiterals.rest(before, typed);
    if (rest == null) {
      return List.of();
    }
    String quote = StringLiterals.openQuote(typed);
    if (suffix.startsWith(quote) && rest.endsWith(quote)) {
      rest = rest.substring(0, rest.length() - quote.length());
    }
    return rest.isEmpty() ? List.of() : List.of(rest);
  }

  /**
   * Whether the suffix's next non-blank line (after the cursor's) starts with a closing bracket:
   * the editor closed the block the cursor opens (VS Code, Neovim's autopairs, electric-pair mode),
   * so a block suggestion must stop before its own closer.
   */
  static boolean closedBelow(String suffix) {
    int nl = suffix.indexOf('\n');
    while (nl >= 0) {
      int i = nl + 1;
      while (i < suffix.length() && (suffix.charAt(i) == ' ' || suffix.charAt(i) == '\t')) {
        i++;
      }
      if (i < suffix.length() && suffix.charAt(i) != '\n' && suffix.charAt(i) != '\r') {
        char c = suffix.charAt(i);
        return c == '}' || c == ')' || c == ']';
      }
      nl = suffix.indexOf('\n', i);
    }
    return false;
  }

  /**
   * {@code toks} up to (not including) the line where the block the cursor opened closes, when the
   * block's closer is already below the cursor: the suggestion would repeat it.
   */
  static int[] cutAtBlockClose(int[] toks, Vocabulary vocab) {
    int depth = 0;
    for (int i = 0; i < toks.length; i++) {
      if (toks[i] == BeamSearch.NEWLINE) {
        continue;
      }
      depth += blockDelta(vocab.word(toks[i]));
      if (depth < 0) {
        int end = i;
        while (end > 0 && toks[end - 1] == BeamSearch.NEWLINE) {
          end--;
        }
        return Arrays.copyOf(toks, end);
      }
    }
    return toks;
  }

  private List<String> render(
      List<BeamSearch.Hypothesis> hyps,
      int candidates,
      Site site,
      boolean multiline,
      boolean closedBelow) {
    Vocabulary vocab = site.vocab();
    String partial = site.partial();
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < hyps.size() && out.size() < candidates; i++) {
      BeamSearch.Hypothesis h = hyps.get(i);
      int[] toks =
          multiline
              ? SuggestionPolicy.acceptBlock(h, out.isEmpty() ? 0 : 1)
              : SuggestionPolicy.accept(h, out.isEmpty() ? 0 : 1);
      if (toks.length == 0 && candidates > 1 && !partial.isEmpty() && h.tokens().length > 0) {
        // Several candidates were asked for (a list the user picks from) and the word being typed
        // has several likely endings: offer each ending on its own rather than nothing.
        toks = Arrays.copyOf(h.tokens(), 1);
      }
      if (toks.length == 0) {
        continue;
      }
      toks = stripSuffixOverlap(toks, site.suffixTokens(), vocab);
      if (closedBelow) {
        toks = cutAtBlockClose(toks, vocab);
      }
      String text = renderTokens(toks, site, multiline);
      if (!text.isBlank()) {
        out.add(text);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * One ghost text (nothing when the beam found nothing: no evidence, a complete statement, no word
   * extending the typed one). With nothing typed, where the beam starts with an operator or a
   * keyword the model gives at least {@link #MIN_NON_WORD_PROB} (more than all identifiers
   * together), the beam's answer: an operator as found, a keyword with its continuation at {@link
   * #MIN_KEYWORD_PROB} or more, else nothing. Otherwise the re-ranker's first word when its
   * calibrated confidence passes the language's threshold (and, with nothing typed, the model gives
   * identifiers half the next token: {@link WordRanking.Ranked#confident}), with the beam's
   * continuation after it when the beam starts with that word and the suggestion policy accepts it
   * (with nothing typed, as far as {@link #continuation} keeps it); nothing when it does not and
   * the beam would start with a word (or the word was already begun); otherwise, when the beam
   * starts with something other than a word, the beam's answer as before. In an indentation
   * language a beam's start no statement starts with is never shown where a statement starts
   * ({@link #statementStart}).
   */
  private List<String> ghost(
      WordRanking.Ranked ranked,
      WordReranker.Calibration calibration,
      List<BeamSearch.Hypothesis> hyps,
      Site site) {
    Language language = site.language();
    Vocabulary vocab = site.vocab();
    List<Token> context = site.context();
    String prefix = site.prefix();
    String partial = site.partial();
    List<Token> suffixTokens = site.suffixTokens();
    boolean newLineFirst = site.newLineFirst();
    if (hyps.isEmpty()) {
      return List.of(); // no evidence, a complete statement, or no word extends the typed one
    }
    BeamSearch.Hypothesis best = hyps.get(0);
    int bestFirst = best.tokens().length == 0 ? -1 : best.tokens()[0];
    boolean bestIsWord =
        bestFirst >= 0 && bestFirst != BeamSearch.NEWLINE && Token.isWord(vocab.word(bestFirst));
    if (!partial.isEmpty() && bestFirst >= 0 && vocab.word(bestFirst).equals(partial)) {
      // the beam takes the typed word as complete (the menu never offers the typed word itself):
      // what follows it in the hypotheses that keep it, or nothing (not a lesser hypothesis that
      // finishes another word: `def quote(s` at the module's level gave `elf`)
      String typed = partial;
      return beamAsIs(
          hyps.stream()
              .filter(h -> h.tokens().length > 0 && vocab.word(h.tokens()[0]).equals(typed))
              .toList(),
          site);
    }
    double firstLogProb =
        best.prefixLogProbs().length == 0 ? Double.NEGATIVE_INFINITY : best.prefixLogProbs()[0];
    // the model does not see line breaks: it may go on with the line above where a statement of an
    // indentation language starts, and then the beam's start is not shown
    boolean impossibleStart =
        partial.isEmpty()
            && !bestIsWord
            && bestFirst >= 0
            && bestFirst != BeamSearch.NEWLINE
            && neverStartsStatement(vocab.word(bestFirst))
            && statementStart(language, prefix, context);
    String top = ranked.words().isEmpty() ? null : ranked.words().get(0).word();
    // Python's self first where nothing binds it (the model's pull outweighed the menu's penalty):
    // the ghost text never writes it there
    boolean show =
        top != null
            && ranked.confident(calibration)
            && !(ranked.selfUnbound() && top.equals("self"));
    if (partial.isEmpty()
        && !impossibleStart
        && bestFirst >= 0
        && !(bestIsWord && language.isIdentifier(vocab.word(bestFirst)))
        && firstLogProb >= Math.log(MIN_NON_WORD_PROB)) {
      // the model expects a keyword or an operator more than all identifiers together: the menu's
      // words, ranked for an identifier's place, are likely not what comes here
      if (!bestIsWord) {
        return beamAsIs(hyps, site);
      }
      if (firstLogProb < Math.log(MIN_KEYWORD_PROB)) {
        return List.of();
      }
      top = vocab.word(bestFirst); // the keyword, with the beam's continuation below
      show = true;
    }
    String keyword = partial.isEmpty() ? null : ranked.expectedKeyword(language);
    if (keyword != null) {
      // the list is ranked for identifiers: a keyword the model expects comes first here
      top = keyword;
      show = true;
    }
    if (top == null || !top.startsWith(partial) || !show) {
      if (bestIsWord
          || impossibleStart
          || !partial.isEmpty()
          || firstLogProb < Math.log(MIN_NON_WORD_PROB)) {
        return List.of();
      }
      return beamAsIs(hyps, site);
    }
    int id = vocab.lookup(top);
    String text;
    if (id == Vocabulary.UNK) {
      // a word of the file the model has not learned yet
      text = top.substring(partial.length());
      if (partial.isEmpty() && !context.isEmpty() && !endsWithSpace(prefix)) {
        if (site.detokenizer().get().spaceAfter(lead(context), top)) {
          text = " " + text;
        }
      }
    } else {
      int[] toks = new int[] {id};
      if (bestFirst == id) {
        int[] accepted = SuggestionPolicy.accept(best, 0);
        if (partial.isEmpty()) {
          accepted = continuation(accepted, best);
        }
        if (accepted.length > 1) {
          toks = stripSuffixOverlap(accepted, suffixTokens, vocab);
        }
      }
      text = renderTokens(toks, site, false);
    }
    return text.isBlank() ? List.of() : List.of(text);
  }

  /**
   * The tokens the line's policy accepted after a ghost text's first word, cut where their
   * probability given that word falls below {@link #MIN_CONTINUATION_PROB}.
   */
  static int[] continuation(int[] accepted, BeamSearch.Hypothesis h) {
    if (accepted.length <= 1) {
      return accepted;
    }
    double log = Math.log(MIN_CONTINUATION_PROB);
    int n = 1;
    while (n < accepted.length && h.prefixLogProbs()[n] - h.prefixLogProbs()[0] >= log) {
      n++;
    }
    return Arrays.copyOf(accepted, n);
  }

  /** The ghost text as the beam found it: its best hypothesis, one line, by the line's policy. */
  private List<String> beamAsIs(List<BeamSearch.Hypothesis> hyps, Site site) {
    return render(hyps, 1, site, false, false);
  }

  /**
   * Where a ghost text is asked for: the language, the model's vocabulary, the tokens before the
   * cursor (the typed word aside), the text before the cursor, the typed word, the tokens after the
   * cursor on its line, whether the suggestion starts on a new line (a block opened), and, each
   * read from the tokens before the cursor once per request when first needed, the file's string
   * literals and its spacing.
   */
  private record Site(
      Language language,
      Vocabulary vocab,
      List<Token> context,
      String prefix,
      String partial,
      List<Token> suffixTokens,
      boolean newLineFirst,
      Supplier<StringLiterals> literals,
      Supplier<Detokenizer> detokenizer) {}

  private static int[] stripSuffixOverlap(int[] toks, List<Token> suffixTokens, Vocabulary vocab) {
    if (suffixTokens.isEmpty()) {
      return toks;
    }
    for (int cut = 0; cut + suffixTokens.size() <= toks.length; cut++) {
      boolean overlap = true;
      for (int j = cut, k = 0; j < toks.length && k < suffixTokens.size(); j++, k++) {
        if (toks[j] == BeamSearch.NEWLINE
            || !vocab.word(toks[j]).equals(suffixTokens.get(k).modelText())) {
          overlap = false;
          break;
        }
      }
      if (overlap && cut > 0) {
        return Arrays.copyOf(toks, cut);
      }
    }
    return toks;
  }

  private static String renderTokens(int[] toks, Site site, boolean multiline) {
    if (toks.length == 0) {
      return "";
    }
    Vocabulary vocab = site.vocab();
    List<Token> context = site.context();
    String prefix = site.prefix();
    String partial = site.partial();
    boolean newLineFirst = site.newLineFirst();
    Detokenizer detok = site.detokenizer().get();
    String indent = currentIndent(prefix);
    String unit = indentUnit(prefix);
    StringBuilder sb = new StringBuilder();
    List<String> line = new ArrayList<>();
    int depth = multiline && newLineFirst ? 1 : 0;
    boolean firstLine = true;
    List<String> lead = lead(context);
    List<List<String>> lines = new ArrayList<>();
    String twoBefore = context.size() >= 2 ? context.get(context.size() - 2).modelText() : null;
    String oneBefore = context.isEmpty() ? null : context.get(context.size() - 1).modelText();
    for (int t : toks) {
      if (t == BeamSearch.NEWLINE) {
        lines.add(line);
        line = new ArrayList<>();
        continue;
      }
      String word = vocab.word(t);
      String text = word;
      if (word.equals(ReservedTokens.STRING)) {
        // a string the model cannot spell: the one the file puts after these tokens, or stop
        text = site.literals().get().after(twoBefore, oneBefore);
        if (text == null) {
          break;
        }
      }
      line.add(text);
      twoBefore = oneBefore;
      oneBefore = word;
    }
    lines.add(line);
    for (List<String> l : lines) {
      if (l.isEmpty()) {
        continue;
      }
      if (firstLine && !newLineFirst) {
        String text = detok.continueLine(lead, l, partial.isEmpty() && !endsWithSpace(prefix));
        if (!partial.isEmpty()) {
          String firstTok = l.get(0);
          text =
              firstTok.substring(Math.min(partial.length(), firstTok.length()))
                  + text.substring(firstTok.length());
        }
        sb.append(text);
      } else {
        String lineIndent = indent;
        if (l.get(0).equals("}") || l.get(0).equals(")")) {
          if (depth == 0 && indent.endsWith(unit)) {
            // it closes the block the cursor's line is in: at the opener's indentation
            lineIndent = indent.substring(0, indent.length() - unit.length());
          }
          depth = Math.max(0, depth - 1);
        }
        sb.append('\n')
            .append(lineIndent)
            .append(unit.repeat(depth))
            .append(detok.continueLine(lead, l, false));
      }
      lead.addAll(l);
      for (int k = 0; k < l.size(); k++) {
        String s = l.get(k);
        if (s.equals("{")) {
          depth++;
        } else if (s.equals("}") && !(k == 0 && !firstLine)) {
          depth = Math.max(0, depth - 1);
        }
      }
      firstLine = false;
    }
    return sb.toString();
  }

  /**
   * The texts of the last {@value #LEAD_TOKENS} tokens before the cursor, in order, a new list:
   * what the spacing of a continuation reads (its open brackets, its last two tokens).
   */
  static List<String> lead(List<Token> context) {
    List<String> lead = new ArrayList<>(LEAD_TOKENS + 16);
    for (int i = Math.max(0, context.size() - LEAD_TOKENS); i < context.size(); i++) {
      lead.add(context.get(i).text());
    }
    return lead;
  }

  /** The encoded last {@code window} identifiers among {@code tokens}, in order. */
  static int[] lastIdentifiers(List<Token> tokens, int[] encoded, int window) {
    int[] out = new int[window];
    int n = 0;
    for (int i = tokens.size() - 1; i >= 0 && n < window; i--) {
      if (tokens.get(i).kind() == TokenKind.IDENTIFIER) {
        out[n++] = encoded[i];
      }
    }
    int[] inOrder = new int[n];
    for (int i = 0; i < n; i++) {
      inOrder[i] = out[n - 1 - i];
    }
    return inOrder;
  }

  private static int[] matching(
      String partial,
      LanguageModel.Context ctx,
      Vocabulary vocab,
      int[] fileTokens,
      LanguageState.Snapshot snapshot) {
    Set<Integer> ids = new LinkedHashSet<>();
    Candidates c = ctx.candidates(64);
    for (int id : c.ids()) {
      addIfMatches(ids, id, partial, vocab);
    }
    for (int e : fileTokens) {
      addIfMatches(ids, e & 0x7fffffff, partial, vocab);
    }
    if (ids.size() < 8) {
      // the vocabulary's words with the prefix, in the order of their ids: those of the static
      // model through its index by start character (a tenth of the words or so), then the words
      // learned since it was built
      IntStream.Builder found = IntStream.builder();
      snapshot.forEachMayMatch(
          partial,
          id -> {
            if (matches(vocab.word(id), partial)) {
              found.add(id);
            }
            return true;
          });
      for (int id = Math.max(2, snapshot.trie().vocabSize()); id < vocab.size(); id++) {
        if (matches(vocab.word(id), partial)) {
          found.add(id);
        }
      }
      for (int id : found.build().filter(id -> id >= 2).sorted().toArray()) {
        if (ids.size() >= 64) {
          break;
        }
        ids.add(id);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean matches(String w, String partial) {
    return w.length() > partial.length()
        && w.startsWith(partial)
        && !ReservedTokens.isPlaceholder(w);
  }

  private static void addIfMatches(Set<Integer> ids, int id, String partial, Vocabulary vocab) {
    if (matches(vocab.word(id), partial)) {
      ids.add(id);
    }
  }

  static int blockDelta(String token) {
    return switch (token) {
      case "{", "(", "[" -> 1;
      case "}", ")", "]" -> -1;
      default -> 0;
    };
  }

  /**
   * The first {@value #SUFFIX_WINDOW_CHARS} characters of {@code suffix} or fewer, cut at a line
   * break (else after the last character that is no part of a word): cut inside a word, its first
   * part would be a word of the file, offered in the menu and learned in the request's caches
   * ({@code stripped_valu} for {@code stripped_value}).
   */
  static String suffixWindow(String suffix) {
    if (suffix.length() <= SUFFIX_WINDOW_CHARS) {
      return suffix;
    }
    int nl = suffix.lastIndexOf('\n', SUFFIX_WINDOW_CHARS);
    if (nl >= 0) {
      return suffix.substring(0, nl + 1);
    }
    int end = SUFFIX_WINDOW_CHARS;
    while (end > 0
        && Token.isWordChar(suffix.charAt(end - 1))
        && Token.isWordChar(suffix.charAt(end))) {
      end--; // back to the start of the word the cut falls in
    }
    return suffix.substring(0, end);
  }

  /**
   * The last {@value #PREFIX_WINDOW_CHARS} characters of the prefix or fewer, cut at a line, and
   * then after a comment or a triple-quoted string the cut fell into.
   */
  static String window(String text, Language language) {
    String w = text; // the prefix the editor sent may be cut too
    if (text.length() > PREFIX_WINDOW_CHARS) {
      int from = text.length() - PREFIX_WINDOW_CHARS;
      int nl = text.indexOf('\n', from);
      w = nl < 0 ? text.substring(from) : text.substring(nl + 1);
    }
    if (language.hasBlockComments()) {
      w = outsideBlockComment(w);
    }
    return outsideTripleQuotes(w);
  }

  /**
   * A window cut at a line may start inside a block comment (a licence header, a Javadoc): the
   * lexer would then read its prose as code ({@code MERCHANTABILITY}, {@code Boston} offered as
   * names, {@code it's} opening a character literal). When a comment's close {@code *}{@code /}
   * comes before any opening, and it is not inside a string (an odd number of quotes of a kind
   * before it on its line, as in {@code "**}{@code /*.java"}), the window starts after it.
   */
  static String outsideBlockComment(String w) {
    int close = w.indexOf("*/");
    if (close < 0) {
      return w;
    }
    int open = w.indexOf("/*");
    if (open >= 0 && open < close) {
      return w;
    }
    int lineStart = w.lastIndexOf('\n', close) + 1;
    if (odd(w, '"', lineStart, close) || odd(w, '\'', lineStart, close)) {
      return w; // inside a string
    }
    return w.substring(close + 2);
  }

  /** Whether {@code quote} occurs an odd number of times in {@code w[from, to)}. */
  private static boolean odd(String w, char quote, int from, int to) {
    boolean odd = false;
    for (int i = from; i < to; i++) {
      if (w.charAt(i) == quote) {
        odd = !odd;
      }
    }
    return odd;
  }

  /**
   * A window cut at a line may start inside a triple-quoted string (a Python docstring, a Java text
   * block): the lexer would then read the code after it as a string and the cursor as inside one.
   * When a kind of triple quote occurs an odd number of times, either the window starts inside such
   * a string (its first occurrence closes one) or the cursor is inside one (an occurrence opens it
   * and nothing closes it yet: the user is typing a docstring). When the first occurrence {@link
   * #opens opens} a string, the window is kept and the lexer sees the cursor inside a literal;
   * otherwise the window starts after the line of that first occurrence. An even number is read as
   * both when the first occurrence closes a string and the last opens one.
   */
  static String outsideTripleQuotes(String w) {
    for (String q : new String[] {"\"\"\"", "\'\'\'"}) {
      int count = 0;
      int first = -1;
      int last = -1;
      for (int i = w.indexOf(q); i >= 0; i = w.indexOf(q, i + 3)) {
        if (first < 0) {
          first = i;
        }
        last = i;
        count++;
      }
      boolean cut =
          count % 2 == 1
              ? !opens(w, first)
              // both: the window starts inside one string and the cursor is inside another
              : count > 0 && !opens(w, first) && opens(w, last);
      if (cut) {
        int nl = w.indexOf('\n', first);
        w = nl < 0 ? "" : w.substring(nl + 1);
      }
    }
    return w;
  }

  /**
   * Whether the triple quote at {@code at} opens a string rather than closing one, read from its
   * line: code before it that expects a value ({@code x = """}, {@code f("""}, {@code return """};
   * string prefixes such as {@code r} or {@code f} skipped) opens one, other text before it (the
   * last line of a docstring's prose) closes one; alone at the start of its line it opens one when
   * a word follows it on the line ({@code """Return the area.}), closes one when punctuation
   * follows ({@code """)}, {@code """;}), and with nothing after it, opens one when the line before
   * is a header ({@link #isHeader}: {@code def f():}) or expects a value, and closes one after
   * prose ({@code Args:} included) or at the window's first line (where what came before is
   * unknown).
   */
  static boolean opens(String w, int at) {
    int lineStart = w.lastIndexOf('\n', at - 1) + 1;
    int b = at;
    for (int k = 0; k < 2 && b > lineStart && "rRbBuUfF".indexOf(w.charAt(b - 1)) >= 0; k++) {
      b--;
    }
    if (b > lineStart && Token.isWordChar(w.charAt(b - 1))) {
      b = at; // not a string prefix: the end of a word (prose, or return/yield below)
    }
    String before = w.substring(lineStart, b).strip();
    if (!before.isEmpty()) {
      return expectsValue(before);
    }
    int lineEnd = w.indexOf('\n', at);
    String after = w.substring(at + 3, lineEnd < 0 ? w.length() : lineEnd).strip();
    if (!after.isEmpty()) {
      return Token.isWordChar(after.charAt(0)) || after.charAt(0) == '\\';
    }
    for (int end = lineStart - 1; end > 0; ) {
      int start = w.lastIndexOf('\n', end - 1) + 1;
      String line = w.substring(start, end).strip();
      if (!line.isEmpty()) {
        return line.endsWith(":") ? isHeader(line) : expectsValue(line);
      }
      end = start - 1;
    }
    return false;
  }

  /**
   * Whether {@code line}, which ends with {@code :}, is a header a docstring follows ({@code def
   * f(x):} and {@code class A(B):} by their parenthesis, {@code class A:}, the {@code ) -> int:} or
   * {@code ):} that ends a long signature) rather than a docstring's own line ({@code Args:},
   * {@code for example:}).
   */
  private static boolean isHeader(String line) {
    return line.contains("(")
        || line.startsWith("class ")
        || line.startsWith(")")
        || line.contains("->");
  }

  /** Whether a line ending with {@code text} expects a value next (an operator, a bracket). */
  private static boolean expectsValue(String text) {
    char c = text.charAt(text.length() - 1);
    if ("=([{,:+%*".indexOf(c) >= 0) {
      return true;
    }
    for (String word : new String[] {"return", "yield"}) {
      if (text.endsWith(word)
          && (text.length() == word.length()
              || !Token.isWordChar(text.charAt(text.length() - word.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static boolean endsWithSpace(String s) {
    return !s.isEmpty() && Character.isWhitespace(s.charAt(s.length() - 1));
  }

  /**
   * Whether a statement of an indentation language starts at the end of {@code prefix}: the start
   * of a line (after its indentation) with every bracket opened in {@code context} closed.
   */
  static boolean statementStart(Language language, String prefix, List<Token> context) {
    return language.indentationBlocks()
        && endsWithNewlineAndIndent(prefix)
        && openBrackets(context) == 0;
  }

  /**
   * A token no statement starts with: a closing bracket, {@code :}, {@code ,}, {@code .}, an
   * assignment or comparison.
   */
  static boolean neverStartsStatement(String token) {
    return switch (token) {
      case ")", "]", "}", ":", ",", ".", "->" -> true;
      default -> token.contains("=");
    };
  }

  private static boolean endsWithNewlineAndIndent(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * The smallest indentation step between consecutive lines of the prefix (default four spaces).
   */
  static String indentUnit(String prefix) {
    int best = Integer.MAX_VALUE;
    int previous = -1;
    boolean tabs = false;
    // line by line without splitting the prefix: only each line's indentation and first other
    // character are read
    for (int start = 0; start <= prefix.length(); ) {
      int nl = prefix.indexOf('\n', start);
      int end = nl < 0 ? prefix.length() : nl;
      int i = start;
      boolean lineTabs = false;
      for (char c; i < end && ((c = prefix.charAt(i)) == ' ' || c == '\t'); i++) {
        lineTabs |= c == '\t';
      }
      int first = i;
      while (first < end && Character.isWhitespace(prefix.charAt(first))) {
        first++;
      }
      if (first < end) { // not a blank line
        int n = i - start;
        tabs |= lineTabs;
        if (previous >= 0 && n > previous) {
          best = Math.min(best, n - previous);
        }
        previous = n;
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    if (tabs) {
      return "\t";
    }
    return best == Integer.MAX_VALUE || best > 8 ? "    " : " ".repeat(best);
  }

  private static List<Token> lastLine(List<Token> tokens) {
    if (tokens.isEmpty()) {
      return tokens;
    }
    int line = tokens.get(tokens.size() - 1).line();
    int i = tokens.size();
    while (i > 0 && tokens.get(i - 1).line() == line) {
      i--;
    }
    return tokens.subList(i, tokens.size());
  }

  static int openBrackets(List<Token> tokens) {
    int open = 0;
    for (Token t : tokens) {
      open = Math.max(0, open + blockDelta(t.text()));
    }
    return open;
  }

  private static int openParens(List<Token> tokens) {
    int open = 0;
    for (Token t : tokens) {
      open = Math.max(0, open + parenDelta(t.text()));
    }
    return open;
  }

  static int parenDelta(String token) {
    return switch (token) {
      case "(", "[" -> 1;
      case ")", "]" -> -1;
      default -> 0;
    };
  }

  private static int closingBrackets(List<Token> tokens) {
    int net = 0;
    int most = 0;
    for (Token t : tokens) {
      net -= blockDelta(t.text());
      most = Math.max(most, net);
    }
    return most;
  }

  private static String currentIndent(String prefix) {
    int start = prefix.lastIndexOf('\n') + 1;
    int i = start;
    while (i < prefix.length() && (prefix.charAt(i) == ' ' || prefix.charAt(i) == '\t')) {
      i++;
    }
    return prefix.substring(start, i);
  }
}

package dev.codeloop.completion.list;

import dev.codeloop.completion.Suggestion;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentText;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordMatch;
import dev.codeloop.model.WordRanker;
import dev.codeloop.model.WordRanker.Origin;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.privacy.SecretRedactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The list a completion menu needs: the words that may be typed at the cursor, ranked by the
 * embedded model ({@link WordRanker}: its next-token distribution merged with the file's and the
 * workspace's identifiers and the language's keywords, filtered by the typed word, camel-case and
 * snake-case humps included), with the model's multi-token continuations as extra items. Without a
 * ranker (the embedded model disabled, still loading, or the file excluded by the privacy rules)
 * the file's own identifiers are offered, most recently used first, so the menu is never empty when
 * the file holds a matching word.
 */
public final class CompletionMenu {
  /** At most this many words in one menu. */
  public static final int MAX_WORDS = 40;

  /** Characters before the cursor the menu reads. */
  public static final int PREFIX_CHARS = 6_000;

  private static final int SUFFIX_CHARS = 2_000;
  private static final Pattern WORD = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

  private final Optional<WordRanker> ranker;
  private final PrivacyFilter privacy;
  private final BooleanSupplier enabled;

  /**
   * @param ranker the embedded model's ranking, when there is an embedded model
   * @param enabled whether the embedded model may be used (the session's {@code embedded.enabled})
   */
  public CompletionMenu(
      Optional<WordRanker> ranker, PrivacyFilter privacy, BooleanSupplier enabled) {
    this.ranker = Objects.requireNonNull(ranker, "ranker");
    this.privacy = Objects.requireNonNull(privacy, "privacy");
    this.enabled = Objects.requireNonNull(enabled, "enabled");
  }

  /** One entry of the menu, in its final order. */
  public record Item(String text, Kind kind, Optional<Suggestion> continuation) {
    public Item {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(continuation, "continuation");
    }
  }

  /** What an item is, for its icon. */
  public enum Kind {
    WORD,
    KEYWORD,
    CONTINUATION
  }

  /** The word typed so far: the identifier characters just before {@code offset}. */
  public static String typedWord(CharSequence text, int offset) {
    int start = offset;
    while (start > 0 && isWordChar(text.charAt(start - 1))) {
      start--;
    }
    return text.subSequence(start, offset).toString();
  }

  /**
   * The ranked words at {@code offset} of {@code snapshot}: after a typed prefix, or with none when
   * the user asked ({@code invoked}). Runs on the caller's thread (a request executor), a few
   * milliseconds.
   */
  public List<RankedWord> words(
      DocumentSnapshot snapshot, int offset, boolean invoked, CancelChecker cancel) {
    // slices of the rope around the cursor: the whole document is never copied
    DocumentText text = snapshot.text();
    int at = Math.max(0, Math.min(offset, text.length()));
    String prefix = text.slice(Math.max(0, at - PREFIX_CHARS), at);
    String suffix = text.slice(at, Math.min(text.length(), at + SUFFIX_CHARS));
    String typed = typedWord(prefix, prefix.length());
    if (typed.isEmpty() ? !invoked : Character.isDigit(typed.charAt(0))) {
      return List.of(); // nothing typed and not asked for, or a number
    }
    if (ranker.isPresent() && enabled.getAsBoolean() && privacy.isAllowed(snapshot.uri())) {
      // the embedded model is a model too: it sees the text around the cursor with secret-looking
      // strings masked, as the ghost text's context does (the typed word is read from the text)
      SecretRedactor redactor = privacy.redactor();
      FimRequest fim =
          new FimRequest(
                  privacy.relativePath(snapshot.uri()),
                  snapshot.languageId(),
                  redactor.redact(prefix),
                  redactor.redact(suffix),
                  List.of(),
                  false)
              .forDocument(snapshot.uri());
      List<RankedWord> ranked = ranker.get().rankWords(fim, MAX_WORDS, cancel);
      if (!ranked.isEmpty()) {
        return ranked;
      }
    }
    return fileWords(prefix.substring(0, prefix.length() - typed.length()), suffix, typed);
  }

  /** The file's words matching {@code typed}, the most recently used (before the cursor) first. */
  static List<RankedWord> fileWords(String before, String after, String typed) {
    Map<String, Integer> lastUse = new LinkedHashMap<>();
    Matcher m = WORD.matcher(before);
    int i = 0;
    while (m.find()) {
      lastUse.put(m.group(), i++);
    }
    Matcher s = WORD.matcher(after);
    int j = 0;
    while (s.find()) {
      lastUse.putIfAbsent(s.group(), -1 - j++);
    }
    List<Map.Entry<String, Integer>> matching = new ArrayList<>();
    for (Map.Entry<String, Integer> e : lastUse.entrySet()) {
      if (!e.getKey().equals(typed) && WordMatch.of(typed, e.getKey()) != WordMatch.NONE) {
        matching.add(e);
      }
    }
    matching.sort(
        (a, b) -> {
          int qa = WordMatch.of(typed, a.getKey());
          int qb = WordMatch.of(typed, b.getKey());
          return qa != qb ? Integer.compare(qa, qb) : Integer.compare(b.getValue(), a.getValue());
        });
    List<RankedWord> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : matching) {
      if (out.size() >= MAX_WORDS) {
        break;
      }
      out.add(new RankedWord(e.getKey(), 0, Origin.FILE));
    }
    return out;
  }

  /**
   * The menu: the ranked words, with the model's multi-token continuations (each the typed word
   * plus the text the model would insert) placed right after the best word. A continuation that is
   * just one of the words is not repeated.
   */
  public static List<Item> merge(
      List<RankedWord> words, List<Suggestion> continuations, String typed) {
    List<Item> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RankedWord w : words) {
      if (seen.add(w.word())) {
        items.add(
            new Item(
                w.word(),
                w.origin() == Origin.KEYWORD ? Kind.KEYWORD : Kind.WORD,
                Optional.empty()));
      }
    }
    Map<String, Suggestion> extra = new HashMap<>();
    List<Item> more = new ArrayList<>();
    for (Suggestion s : continuations) {
      String full = typed + s.text();
      if (full.isBlank() || seen.contains(full.strip()) || extra.containsKey(full)) {
        continue;
      }
      extra.put(full, s);
      more.add(new Item(full, Kind.CONTINUATION, Optional.of(s)));
    }
    if (more.isEmpty()) {
      return items;
    }
    items.addAll(items.isEmpty() ? 0 : 1, more);
    return items;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}

package dev.codeloop.model;

import java.util.List;
import java.util.Objects;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Ranks the single words that may be typed at a cursor, for a completion menu: a model's next-token
 * distribution merged with the file's and the workspace's identifiers and the language's keywords,
 * filtered by the word typed so far (see {@link WordMatch}).
 */
public interface WordRanker {

  /**
   * Candidates for the word at the cursor, best first, at most {@code limit}. The word typed so far
   * is the run of identifier characters that ends {@code fim.prefix()} (possibly empty). Runs on
   * the caller's thread; empty inside a comment or literal, or when nothing matches.
   */
  List<RankedWord> rankWords(FimRequest fim, int limit, CancelChecker cancel);

  /** Where a candidate came from (the first source that offered it). */
  enum Origin {
    MODEL,
    FILE,
    WORKSPACE,
    KEYWORD
  }

  /**
   * @param probability the model's probability of the word at the cursor, times a penalty for a
   *     weaker match of the typed prefix (only comparable within one answer)
   */
  record RankedWord(String word, double probability, Origin origin) {
    public RankedWord {
      Objects.requireNonNull(word, "word");
      Objects.requireNonNull(origin, "origin");
    }
  }
}

package dev.codeloop.action.source;

import java.util.Objects;

/**
 * Whole lines of a document an action works on.
 *
 * @param start offset of the first line's start
 * @param end offset of the last line's content end (before its line break)
 * @param symbol the name of the enclosing symbol, or empty
 */
public record CodeRegion(int start, int end, String text, String symbol) {
  public CodeRegion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(symbol, "symbol");
  }

  public String describe() {
    return symbol.isEmpty() ? "the selected code" : "`" + symbol + "`";
  }
}

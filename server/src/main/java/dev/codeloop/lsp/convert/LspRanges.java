package dev.codeloop.lsp.convert;

import dev.codeloop.action.TextRange;
import dev.codeloop.document.TextPosition;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** LSP4J positions and ranges ⇄ ours. */
public final class LspRanges {
  private LspRanges() {}

  public static TextRange toRange(Range r) {
    return new TextRange(toPosition(r.getStart()), toPosition(r.getEnd()));
  }

  public static TextPosition toPosition(Position p) {
    return new TextPosition(p.getLine(), p.getCharacter());
  }

  public static Range toLsp(TextRange r) {
    return new Range(toLsp(r.start()), toLsp(r.end()));
  }

  public static Position toLsp(TextPosition p) {
    return new Position(p.line(), p.character());
  }
}

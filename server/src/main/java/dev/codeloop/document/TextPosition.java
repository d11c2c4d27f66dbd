package dev.codeloop.document;

/**
 * A zero-based line and character in some {@link PositionEncoding}. Our own value type so that the
 * text model does not depend on LSP4J beans.
 */
public record TextPosition(int line, int character) implements Comparable<TextPosition> {
  @Override
  public int compareTo(TextPosition o) {
    return line != o.line ? Integer.compare(line, o.line) : Integer.compare(character, o.character);
  }
}

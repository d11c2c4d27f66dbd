package dev.codeloop.document;

import java.util.Objects;

/**
 * An immutable view of a document at one version: all a handler ever sees. Cheap to take (the text
 * is a persistent structure shared with other versions).
 *
 * @param version the LSP version; {@code -1} for a document read from disk that is not open
 * @param encoding the session's negotiated position encoding, used by the position helpers
 */
public record DocumentSnapshot(
    String uri, String languageId, int version, DocumentText text, PositionEncoding encoding) {

  public static final int NOT_OPEN = -1;

  public DocumentSnapshot {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(languageId, "languageId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(encoding, "encoding");
  }

  public boolean isOpen() {
    return version != NOT_OPEN;
  }

  /**
   * The whole text, built from the rope on each call (O(n), a fresh copy: the document keeps no
   * whole-text string). Callers that need a part use {@link #text()}'s slices, lines or {@link
   * DocumentText#contentEquals}.
   */
  public String content() {
    return text.toString();
  }

  public int offsetAt(TextPosition p) {
    return text.offsetAt(p, encoding);
  }

  public TextPosition positionAt(int offset) {
    return text.positionAt(offset, encoding);
  }

  public int lineCount() {
    return text.lineCount();
  }

  /** The content of a line without its line break (empty when out of range). */
  public String lineText(int line) {
    return text.lineText(line);
  }
}

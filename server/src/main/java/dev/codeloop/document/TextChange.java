package dev.codeloop.document;

import java.util.Objects;
import java.util.Optional;

/**
 * One content change of {@code textDocument/didChange}: a replacement of the range {@code [start,
 * end)} (positions in the document's encoding), or, when the range is empty ({@link
 * Optional#empty()}), a replacement of the whole text.
 */
public record TextChange(Optional<TextPosition> start, Optional<TextPosition> end, String text) {
  public TextChange {
    Objects.requireNonNull(text, "text");
    if (start.isPresent() != end.isPresent()) {
      throw new IllegalArgumentException("a ranged change needs both start and end");
    }
  }

  public static TextChange full(String text) {
    return new TextChange(Optional.empty(), Optional.empty(), text);
  }

  public static TextChange ranged(TextPosition start, TextPosition end, String text) {
    return new TextChange(Optional.of(start), Optional.of(end), text);
  }

  public boolean isFull() {
    return start.isEmpty();
  }
}

package dev.codeloop.action;

import java.util.Objects;

/** Replace {@code range} (positions in the original document) by {@code text}. */
public record TextReplacement(TextRange range, String text) {
  public TextReplacement {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(text, "text");
  }
}

package dev.codeloop.chat;

import java.util.Objects;

/** One section of a chat file: who wrote it and the Markdown under its heading. */
public record ChatMessage(Author author, String text) {
  public enum Author {
    USER,
    CODELOOP
  }

  public ChatMessage {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
  }
}

package dev.codeloop.completion;

import java.util.Objects;

/**
 * One completion candidate: the text to insert at the cursor, the model that produced it and the id
 * the editor sends back with {@code codeloop.acceptCompletion}.
 */
public record Suggestion(String id, String text, String model) {
  public Suggestion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
  }

  /**
   * The same suggestion after the user typed {@code typed} of it (which must be a prefix of it).
   */
  public Suggestion after(String typed) {
    return new Suggestion(id, text.substring(typed.length()), model);
  }
}

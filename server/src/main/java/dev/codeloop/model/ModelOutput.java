package dev.codeloop.model;

import java.util.List;
import java.util.Objects;

/** What one model returned for one call. */
public record ModelOutput(List<String> texts, ModelReply.TokenUsage usage) {
  public ModelOutput {
    texts = List.copyOf(texts);
    Objects.requireNonNull(usage, "usage");
  }

  public static ModelOutput of(String text) {
    return new ModelOutput(List.of(text), ModelReply.TokenUsage.UNKNOWN);
  }
}

package dev.codeloop.completion;

import java.util.List;

/**
 * The engine's answer. Each suggestion's text is inserted at the cursor (or, for a selected
 * completion item, appended to the item's text).
 *
 * @param source where the suggestions came from (for logging and tests)
 */
public record CompletionResult(
    List<Suggestion> suggestions, String language, boolean multiline, Source source) {

  public enum Source {
    MODEL,
    CACHE,
    NONE
  }

  public CompletionResult {
    suggestions = List.copyOf(suggestions);
  }

  public static CompletionResult empty() {
    return new CompletionResult(List.of(), "", false, Source.NONE);
  }

  public boolean isEmpty() {
    return suggestions.isEmpty();
  }
}

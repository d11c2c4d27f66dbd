package dev.codeloop.completion;

import dev.codeloop.document.TextPosition;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler asks of the {@link CompletionEngine}, independent of the LSP method.
 *
 * @param selected the item selected in the editor's completion widget (inline completion's {@code
 *     selectedCompletionInfo}): the suggestion then extends its text over its range
 * @param candidates how many alternatives are wanted
 */
public record CompletionQuery(
    String uri,
    TextPosition position,
    CompletionTrigger trigger,
    Optional<SelectedItem> selected,
    int candidates) {

  public CompletionQuery {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(selected, "selected");
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be >= 1");
    }
  }

  /**
   * A completion widget item the user has selected: it would replace {@code [start, end)} by text.
   */
  public record SelectedItem(TextPosition start, TextPosition end, String text) {}
}

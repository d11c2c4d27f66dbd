package dev.codeloop.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request as sent to one model, after routing and fitting to its context window.
 *
 * @param messages the conversation (empty for a FIM call)
 * @param fim the FIM payload (empty for a chat call)
 * @param maxOutputTokens the output token limit for this call (always &gt; 0)
 * @param candidates how many answers are wanted
 */
public record ModelCall(
    List<ChatTurn> messages, Optional<FimRequest> fim, int maxOutputTokens, int candidates) {

  public ModelCall {
    messages = List.copyOf(messages);
    Objects.requireNonNull(fim, "fim");
    if (messages.isEmpty() && fim.isEmpty()) {
      throw new IllegalArgumentException("a model call needs messages or a FIM payload");
    }
  }

  public static ModelCall chat(List<ChatTurn> messages, int maxOutputTokens) {
    return new ModelCall(messages, Optional.empty(), maxOutputTokens, 1);
  }

  public static ModelCall fim(FimRequest fim, int maxOutputTokens, int candidates) {
    return new ModelCall(List.of(), Optional.of(fim), maxOutputTokens, candidates);
  }

  public boolean isFim() {
    return fim.isPresent();
  }
}

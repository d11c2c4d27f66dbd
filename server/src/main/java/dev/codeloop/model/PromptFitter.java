package dev.codeloop.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a call into a model's context window, estimating tokens as characters / 3.5. Trims the least
 * relevant context first: FIM snippets from the end (least relevant), then the far end of the
 * prefix and suffix; for chat, the middle of the history (system turns, the first and the last user
 * turn are kept).
 */
final class PromptFitter {
  /** Reserve for role markers, template tokens and estimation error. */
  static final double SAFETY = 0.9;

  private PromptFitter() {}

  static int estimateTokens(String text) {
    return (int) Math.ceil(text.length() / 3.5);
  }

  static int estimateTokens(List<ChatTurn> turns) {
    int sum = 0;
    for (ChatTurn t : turns) {
      sum += estimateTokens(t.text()) + 4;
    }
    return sum;
  }

  static int estimateTokens(ModelCall call) {
    if (call.fim().isPresent()) {
      FimRequest f = call.fim().get();
      int sum = estimateTokens(f.prefix()) + estimateTokens(f.suffix()) + 16;
      for (FimRequest.ContextSnippet s : f.snippets()) {
        sum += estimateTokens(s.text()) + estimateTokens(s.path()) + 4;
      }
      return sum;
    }
    return estimateTokens(call.messages());
  }

  /**
   * The call, trimmed so that input plus {@code call.maxOutputTokens()} fits {@code contextWindow}.
   *
   * @throws ModelException {@code CONTEXT_OVERFLOW} when even the trimmed call does not fit
   */
  static ModelCall fit(ModelCall call, int contextWindow, String model) {
    int budget = (int) (contextWindow * SAFETY) - call.maxOutputTokens();
    if (budget <= 0) {
      throw new ModelException(
          ModelException.Kind.CONTEXT_OVERFLOW,
          model,
          "model '" + model + "': the output limit leaves no room in its context window");
    }
    if (estimateTokens(call) <= budget) {
      return call;
    }
    return call.fim().isPresent() ? fitFim(call, budget) : fitChat(call, budget, model);
  }

  private static ModelCall fitFim(ModelCall call, int budget) {
    FimRequest f = call.fim().get();
    List<FimRequest.ContextSnippet> snippets = new ArrayList<>(f.snippets());
    FimRequest current = f;
    while (!snippets.isEmpty()) {
      snippets.remove(snippets.size() - 1);
      current = withSnippets(f, snippets);
      if (estimateTokens(ModelCall.fim(current, call.maxOutputTokens(), 1)) <= budget) {
        return new ModelCall(
            List.of(), java.util.Optional.of(current), call.maxOutputTokens(), call.candidates());
      }
    }
    int chars = (int) ((budget - 16) * 3.5);
    int suffixChars = Math.min(f.suffix().length(), chars / 4);
    int prefixChars = Math.min(f.prefix().length(), chars - suffixChars);
    suffixChars = Math.min(f.suffix().length(), chars - prefixChars);
    String prefix = f.prefix().substring(f.prefix().length() - Math.max(0, prefixChars));
    String suffix = f.suffix().substring(0, Math.max(0, suffixChars));
    FimRequest trimmed = f.withText(prefix, suffix, List.of());
    return new ModelCall(
        List.of(), java.util.Optional.of(trimmed), call.maxOutputTokens(), call.candidates());
  }

  private static FimRequest withSnippets(FimRequest f, List<FimRequest.ContextSnippet> snippets) {
    return f.withText(f.prefix(), f.suffix(), snippets);
  }

  private static ModelCall fitChat(ModelCall call, int budget, String model) {
    List<ChatTurn> turns = new ArrayList<>(call.messages());
    int firstUser = -1;
    for (int i = 0; i < turns.size(); i++) {
      if (turns.get(i).role() != ChatTurn.Role.SYSTEM) {
        firstUser = i;
        break;
      }
    }
    while (estimateTokens(turns) > budget) {
      int victim = -1;
      for (int i = firstUser + 1; i < turns.size() - 1; i++) {
        if (turns.get(i).role() != ChatTurn.Role.SYSTEM) {
          victim = i;
          break;
        }
      }
      if (victim < 0 && firstUser >= 0 && firstUser < turns.size() - 1) {
        victim = firstUser;
        firstUser = -1;
      }
      if (victim < 0) {
        throw new ModelException(
            ModelException.Kind.CONTEXT_OVERFLOW,
            model,
            "model '"
                + model
                + "': the request (~"
                + estimateTokens(turns)
                + " tokens) does not fit its context window ("
                + budget
                + " tokens available)");
      }
      turns.remove(victim);
    }
    return new ModelCall(
        turns, java.util.Optional.empty(), call.maxOutputTokens(), call.candidates());
  }
}

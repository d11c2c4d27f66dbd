package dev.codeloop.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What came back: the text (for FIM: only the code to insert), alternatives when several were asked
 * for, and which model answered after how many attempts.
 *
 * @param texts the answers, best first; never empty
 * @param model the configured model name that answered (e.g. {@code fast}, {@code embedded})
 * @param attempts how many models were tried (1 = the primary answered)
 */
public record ModelReply(
    List<String> texts, String model, int attempts, Duration latency, TokenUsage usage) {

  public ModelReply {
    texts = List.copyOf(texts);
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one text");
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(usage, "usage");
  }

  public String text() {
    return texts.get(0);
  }

  /** Token counts as reported by the provider (0 when unknown). */
  public record TokenUsage(int inputTokens, int outputTokens) {
    public static final TokenUsage UNKNOWN = new TokenUsage(0, 0);
  }
}

package dev.codeloop.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a feature asks of the model router. Exactly one of {@code messages} (chat) and {@code
 * fim} (fill-in-the-middle) is the payload; a FIM request may still go to a chat model, which then
 * gets an instruction prompt with a hole marker.
 *
 * @param task what the call is for; selects the route
 * @param messages the conversation for chat-style tasks (empty for FIM)
 * @param fim the fill-in-the-middle payload for completion-style tasks
 * @param modelOverride a model name chosen by the user for this request, tried before the route
 * @param maxOutputTokens upper bound on generated tokens (0 = the model's configured default)
 * @param deadline overall time budget including fallbacks (empty = the task's configured deadline)
 * @param candidates how many alternative answers are wanted (completion cycling); providers may
 *     return fewer
 * @param audit what the egress audit records of the request (files included, redactions)
 */
public record ModelRequest(
    Task task,
    List<ChatTurn> messages,
    Optional<FimRequest> fim,
    Optional<String> modelOverride,
    int maxOutputTokens,
    Optional<Duration> deadline,
    int candidates,
    Audit audit) {

  /**
   * What the egress audit records about a request besides its size: the workspace files whose
   * content it includes, and how many secret-looking strings were masked. Never the content.
   */
  public record Audit(List<String> files, int redactions) {
    public static final Audit NONE = new Audit(List.of(), 0);

    public Audit {
      files = List.copyOf(files);
    }

    /** This audit with {@code more} files (no duplicates). */
    public Audit withFiles(List<String> more) {
      java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(files);
      all.addAll(more);
      return new Audit(List.copyOf(all), redactions);
    }
  }

  public ModelRequest {
    Objects.requireNonNull(task, "task");
    messages = List.copyOf(messages);
    Objects.requireNonNull(fim, "fim");
    Objects.requireNonNull(modelOverride, "modelOverride");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(audit, "audit");
    if (messages.isEmpty() && fim.isEmpty()) {
      throw new IllegalArgumentException("a model request needs messages or a FIM payload");
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be >= 1");
    }
  }

  public static ModelRequest chat(Task task, List<ChatTurn> messages) {
    return new ModelRequest(
        task, messages, Optional.empty(), Optional.empty(), 0, Optional.empty(), 1, Audit.NONE);
  }

  public static ModelRequest fim(Task task, FimRequest fim) {
    return new ModelRequest(
        task, List.of(), Optional.of(fim), Optional.empty(), 0, Optional.empty(), 1, Audit.NONE);
  }

  public ModelRequest withModelOverride(String model) {
    return new ModelRequest(
        task,
        messages,
        fim,
        Optional.ofNullable(model),
        maxOutputTokens,
        deadline,
        candidates,
        audit);
  }

  public ModelRequest withMaxOutputTokens(int tokens) {
    return new ModelRequest(
        task, messages, fim, modelOverride, tokens, deadline, candidates, audit);
  }

  public ModelRequest withDeadline(Duration d) {
    return new ModelRequest(
        task, messages, fim, modelOverride, maxOutputTokens, Optional.of(d), candidates, audit);
  }

  public ModelRequest withCandidates(int n) {
    return new ModelRequest(
        task, messages, fim, modelOverride, maxOutputTokens, deadline, n, audit);
  }

  /** This request with {@code audit} as what the egress audit records of it. */
  public ModelRequest withAudit(Audit a) {
    return new ModelRequest(
        task, messages, fim, modelOverride, maxOutputTokens, deadline, candidates, a);
  }

  /** This request naming {@code files} as included in it, for the egress audit. */
  public ModelRequest withFiles(List<String> files) {
    return withAudit(audit.withFiles(files));
  }
}

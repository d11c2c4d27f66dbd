package dev.codeloop.workspace.privacy;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Every request that leaves for a model passes here: secret-looking strings in messages and
 * fill-in-the-middle payloads are replaced by {@link SecretRedactor#MASK}. So that an edit computed
 * from a redacted prompt never writes the mask over the user's real secret, masks in the reply are
 * put back to the secrets they stood for, in order.
 */
public final class RedactingModelGateway implements ModelGateway {
  private final ModelGateway delegate;
  private final Supplier<SecretRedactor> redactor;

  public RedactingModelGateway(ModelGateway delegate, Supplier<SecretRedactor> redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    Redacted r = redact(request);
    CompletableFuture<ModelReply> reply = delegate.completeAsync(r.request(), cancel);
    return Futures.cancelling(reply.thenApply(r::restore), reply);
  }

  @Override
  public CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    Redacted r = redact(request);
    CompletableFuture<ModelReply> reply = delegate.streamAsync(r.request(), cancel, onPartial);
    return Futures.cancelling(reply.thenApply(r::restore), reply);
  }

  @Override
  public RouteStatus status(Task task) {
    return delegate.status(task);
  }

  @Override
  public boolean usesWorkspaceContext(Task task) {
    return delegate.usesWorkspaceContext(task);
  }

  /** A secret that was masked, and the text just before its mask on the same line. */
  record Secret(String value, String before) {}

  private record Redacted(ModelRequest request, List<Secret> secrets) {
    ModelReply restore(ModelReply reply) {
      if (secrets.isEmpty()) {
        return reply;
      }
      List<String> texts = reply.texts().stream().map(this::restore).toList();
      return new ModelReply(texts, reply.model(), reply.attempts(), reply.latency(), reply.usage());
    }

    /**
     * Puts each mask back to the secret it most likely stood for: the one whose mask had the
     * longest matching text before it on its line (e.g. {@code String key = "}); without any match,
     * the secrets in the order they were masked.
     */
    String restore(String text) {
      if (!text.contains(SecretRedactor.MASK)) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      int from = 0;
      int next = 0;
      int at;
      while ((at = text.indexOf(SecretRedactor.MASK, from)) >= 0) {
        out.append(text, from, at);
        String before = lineBefore(text, at);
        Secret best = null;
        int bestScore = 0;
        for (Secret secret : secrets) {
          int score = commonSuffix(before, secret.before());
          if (score > bestScore) {
            best = secret;
            bestScore = score;
          }
        }
        if (best == null && next < secrets.size()) {
          best = secrets.get(next);
        }
        next++;
        out.append(best != null ? best.value() : SecretRedactor.MASK);
        from = at + SecretRedactor.MASK.length();
      }
      return out.append(text, from, text.length()).toString();
    }
  }

  private static final int CONTEXT_CHARS = 60;

  static String lineBefore(String text, int at) {
    int lineStart = Math.max(text.lastIndexOf('\n', at - 1) + 1, at - CONTEXT_CHARS);
    return text.substring(Math.max(0, lineStart), at);
  }

  private static int commonSuffix(String a, String b) {
    int n = 0;
    while (n < a.length()
        && n < b.length()
        && a.charAt(a.length() - 1 - n) == b.charAt(b.length() - 1 - n)) {
      n++;
    }
    return n;
  }

  private Redacted redact(ModelRequest request) {
    SecretRedactor r = redactor.get();
    List<Secret> secrets = new ArrayList<>();
    List<ChatTurn> turns = new ArrayList<>(request.messages().size());
    for (ChatTurn t : request.messages()) {
      turns.add(new ChatTurn(t.role(), redact(r, t.text(), secrets)));
    }
    int[] snippetMasks = {0};
    var fim =
        request
            .fim()
            .map(
                f ->
                    f.withText(
                        redact(r, f.prefix(), secrets),
                        redact(r, f.suffix(), secrets),
                        f.snippets().stream()
                            .map(
                                s -> {
                                  String text = r.redact(s.text());
                                  snippetMasks[0] += masks(text) - masks(s.text());
                                  return new FimRequest.ContextSnippet(s.path(), text, s.score());
                                })
                            .toList()));
    List<String> files = new ArrayList<>();
    request
        .fim()
        .ifPresent(
            f -> {
              files.add(f.path());
              f.snippets().forEach(s -> files.add(s.path()));
            });
    ModelRequest.Audit audit =
        new ModelRequest.Audit(
                request.audit().files(),
                request.audit().redactions() + secrets.size() + snippetMasks[0])
            .withFiles(files);
    return new Redacted(
        new ModelRequest(
            request.task(),
            turns,
            fim,
            request.modelOverride(),
            request.maxOutputTokens(),
            request.deadline(),
            request.candidates(),
            audit),
        secrets);
  }

  private static int masks(String text) {
    int n = 0;
    for (int at = text.indexOf(SecretRedactor.MASK);
        at >= 0;
        at = text.indexOf(SecretRedactor.MASK, at + 1)) {
      n++;
    }
    return n;
  }

  /**
   * Redacts {@code text} and records, in order, the secrets each mask replaced with their context.
   */
  private static String redact(SecretRedactor r, String text, List<Secret> secrets) {
    String redacted = r.redact(text);
    if (redacted.equals(text)) {
      return text;
    }
    List<String> values = masked(text, redacted);
    int at = -1;
    for (String value : values) {
      at = redacted.indexOf(SecretRedactor.MASK, at + 1);
      secrets.add(new Secret(value, at < 0 ? "" : lineBefore(redacted, at)));
    }
    return redacted;
  }

  /**
   * The substrings of {@code original} that {@code redacted} replaced with masks, in order; empty
   * when they cannot be told apart unambiguously (then nothing is restored).
   */
  static List<String> masked(String original, String redacted) {
    String[] parts = redacted.split(java.util.regex.Pattern.quote(SecretRedactor.MASK), -1);
    if (!original.startsWith(parts[0])) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int pos = parts[0].length();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int at;
      if (i == parts.length - 1) {
        at = original.length() - part.length();
        if (at <= pos || !original.endsWith(part)) {
          return List.of();
        }
      } else {
        if (part.isEmpty()) {
          return List.of();
        }
        at = original.indexOf(part, pos + 1);
        if (at < 0) {
          return List.of();
        }
      }
      out.add(original.substring(pos, at));
      pos = at + part.length();
    }
    return out;
  }
}

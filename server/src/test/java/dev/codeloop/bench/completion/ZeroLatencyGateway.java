package dev.codeloop.bench.completion;

import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** Answers instantly with a fixed reply, so that only the server's own work is measured. */
final class ZeroLatencyGateway implements ModelGateway {
  private final List<String> reply;
  private final AtomicLong calls = new AtomicLong();
  private volatile long promptChars;

  ZeroLatencyGateway(String... reply) {
    this.reply = List.of(reply);
  }

  @Override
  public java.util.concurrent.CompletableFuture<ModelReply> completeAsync(
      ModelRequest request, CancelChecker cancel) {

    return dev.codeloop.concurrent.Futures.now(
        () -> java.util.concurrent.CompletableFuture.completedFuture(answer(request, cancel)));
  }

  private ModelReply answer(ModelRequest request, CancelChecker cancel) {
    calls.incrementAndGet();
    var fim = request.fim().orElseThrow();
    promptChars =
        fim.prefix().length()
            + fim.suffix().length()
            + fim.snippets().stream().mapToInt(s -> s.text().length()).sum();
    return new ModelReply(
        reply.subList(0, Math.min(reply.size(), request.candidates())),
        "zero",
        1,
        Duration.ZERO,
        ModelReply.TokenUsage.UNKNOWN);
  }

  long calls() {
    return calls.get();
  }

  long lastPromptChars() {
    return promptChars;
  }

  @Override
  public RouteStatus status(Task task) {
    return RouteStatus.ok();
  }
}

package dev.codeloop.action;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * A hand-written model gateway for tests: scripted replies in order (the last one repeats), records
 * every request, can block on a latch (polling the cancel checker meanwhile) and reports a
 * configurable {@code status(task)}. Streams a reply in chunks of {@link #chunkSize}.
 */
public final class FakeModelGateway implements ModelGateway {
  private final Deque<Object> replies = new ArrayDeque<>();
  private final List<ModelRequest> requests = new ArrayList<>();
  private final Map<Task, String> unusable = new EnumMap<>(Task.class);
  private volatile CountDownLatch gate;
  private final CountDownLatch entered = new CountDownLatch(1);
  private volatile int chunkSize = Integer.MAX_VALUE;
  private final Executor blocked =
      r -> {
        Thread t = new Thread(r, "fake-model-gateway");
        t.setDaemon(true);
        t.start();
      };

  public synchronized FakeModelGateway reply(String... texts) {
    replies.addAll(List.of(texts));
    return this;
  }

  public synchronized FakeModelGateway fail(ModelException e) {
    replies.add(e);
    return this;
  }

  public FakeModelGateway unusable(Task task, String reason) {
    unusable.put(task, reason);
    return this;
  }

  /** Calls block until {@code latch} opens (or the checker cancels). */
  public FakeModelGateway blockOn(CountDownLatch latch) {
    this.gate = latch;
    return this;
  }

  public FakeModelGateway chunkSize(int size) {
    this.chunkSize = size;
    return this;
  }

  /** Waits until a call has reached the model. */
  public boolean awaitCall(long millis) throws InterruptedException {
    return entered.await(millis, TimeUnit.MILLISECONDS);
  }

  public synchronized List<ModelRequest> requests() {
    return List.copyOf(requests);
  }

  /** Everything sent in the last request, turns joined. */
  public synchronized String lastPrompt() {
    if (requests.isEmpty()) {
      return "";
    }
    return requests.get(requests.size() - 1).messages().stream()
        .map(ChatTurn::text)
        .collect(Collectors.joining("\n---\n"));
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    if (gate == null) {
      return Futures.now(() -> CompletableFuture.completedFuture(answer(request, cancel)));
    }
    // a blocked call waits on a thread of its own, never on the caller's
    return CompletableFuture.supplyAsync(() -> answer(request, cancel), blocked);
  }

  private ModelReply answer(ModelRequest request, CancelChecker cancel) {
    Object next;
    synchronized (this) {
      requests.add(request);
      next = replies.size() > 1 ? replies.poll() : replies.peek();
    }
    entered.countDown();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        while (!g.await(10, TimeUnit.MILLISECONDS)) {
          cancel.checkCanceled();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    cancel.checkCanceled();
    if (next instanceof ModelException e) {
      throw e;
    }
    if (next == null) {
      throw new ModelException(ModelException.Kind.EMPTY_REPLY, "fake", "no scripted reply");
    }
    return new ModelReply(
        List.of((String) next), "fake", 1, Duration.ofMillis(1), ModelReply.TokenUsage.UNKNOWN);
  }

  @Override
  public CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return completeAsync(request, cancel)
        .thenApply(
            reply -> {
              String text = reply.text();
              for (int i = 0; i < text.length(); i += chunkSize) {
                onPartial.accept(text.substring(i, Math.min(text.length(), i + chunkSize)));
              }
              return reply;
            });
  }

  @Override
  public RouteStatus status(Task task) {
    for (Task t = task; t != null; t = t.parent().orElse(null)) {
      String reason = unusable.get(t);
      if (reason != null) {
        return RouteStatus.unusable(reason);
      }
    }
    return RouteStatus.ok();
  }
}

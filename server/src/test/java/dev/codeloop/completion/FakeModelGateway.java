package dev.codeloop.completion;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * A hand-written model gateway for tests: returns scripted replies (one script per call, the last
 * one repeated), can delay or block on a latch (polling the cancel checker meanwhile), counts calls
 * and records every request.
 */
public final class FakeModelGateway implements ModelGateway {
  private final Deque<List<String>> scripts = new ArrayDeque<>();
  private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();
  private volatile Duration slowStart = Duration.ZERO;
  private final CountDownLatch entered = new CountDownLatch(1);
  private volatile List<String> last = List.of("");
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile Duration delay = Duration.ZERO;
  private volatile RuntimeException failure;
  private volatile String modelName = "fake";
  private final Executor waiting =
      r -> {
        Thread t = new Thread(r, "fake-model-gateway");
        t.setDaemon(true);
        t.start();
      };

  /** The candidates of the next call's reply (several scripts queue up for successive calls). */
  public synchronized FakeModelGateway reply(String... candidates) {
    scripts.add(List.of(candidates));
    return this;
  }

  public FakeModelGateway named(String model) {
    this.modelName = model;
    return this;
  }

  public FakeModelGateway delay(Duration d) {
    this.delay = d;
    return this;
  }

  /**
   * The synchronous part of each call takes {@code d} on the caller's thread before the answer is
   * given, as a cold first call does (building a client, loading its classes); the cancel checker
   * is consulted after it.
   */
  public FakeModelGateway slowStart(Duration d) {
    this.slowStart = d;
    return this;
  }

  /** Calls block until {@link #release()} (or until their cancel checker trips). */
  public FakeModelGateway block() {
    this.gate = new CountDownLatch(1);
    return this;
  }

  public void release() {
    gate.countDown();
  }

  public FakeModelGateway failWith(RuntimeException e) {
    this.failure = e;
    return this;
  }

  /** Waits until a call has started. */
  public boolean awaitCall(Duration timeout) throws InterruptedException {
    return entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int calls() {
    return calls.get();
  }

  /** How many calls ended because their cancel checker tripped. */
  public int cancelledCalls() {
    return cancelled.get();
  }

  public List<ModelRequest> requests() {
    return new ArrayList<>(requests);
  }

  public ModelRequest lastRequest() {
    return requests.get(requests.size() - 1);
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    if (!slowStart.isZero()) {
      try {
        Thread.sleep(slowStart.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (cancel.isCanceled()) {
        cancelled.incrementAndGet();
        return CompletableFuture.failedFuture(new CancellationException("cancelled before sent"));
      }
    }
    if (gate.getCount() == 0 && delay.isZero()) {
      return Futures.now(() -> CompletableFuture.completedFuture(answer(request, cancel)));
    }
    // a delayed or blocked call waits on a thread of its own, never on the caller's
    return CompletableFuture.supplyAsync(() -> answer(request, cancel), waiting);
  }

  private ModelReply answer(ModelRequest request, CancelChecker cancel) {
    calls.incrementAndGet();
    requests.add(request);
    entered.countDown();
    try {
      long deadline = System.nanoTime() + delay.toNanos();
      while (gate.getCount() > 0 || System.nanoTime() < deadline) {
        cancel.checkCanceled();
        gate.await(2, TimeUnit.MILLISECONDS);
      }
      cancel.checkCanceled();
    } catch (CancellationException e) {
      cancelled.incrementAndGet();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
    if (failure != null) {
      throw failure;
    }
    List<String> texts;
    synchronized (this) {
      texts = scripts.isEmpty() ? last : scripts.poll();
      last = texts;
    }
    List<String> out = texts.subList(0, Math.min(texts.size(), request.candidates()));
    return new ModelReply(
        out.isEmpty() ? List.of("") : out,
        modelName,
        1,
        Duration.ZERO,
        ModelReply.TokenUsage.UNKNOWN);
  }

  @Override
  public RouteStatus status(Task task) {
    return failure instanceof ModelException
        ? RouteStatus.unusable(failure.getMessage())
        : RouteStatus.ok();
  }
}

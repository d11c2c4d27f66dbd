package dev.codeloop.model;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scripted model for router tests: answers, fails or streams (the scripted body runs on the
 * executor given, a thread per call unless {@link #on} says otherwise), or hangs until cancelled (a
 * future never completed: no thread is held).
 */
final class FakeModelClient implements ModelClient {
  interface Behaviour {
    ModelOutput run(ModelCall call, CallControl control, Consumer<String> onPartial)
        throws Exception;
  }

  final String name;
  final List<ModelCall> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger cancelled = new AtomicInteger();
  final CountDownLatch started = new CountDownLatch(1);
  final CountDownLatch cancelledLatch = new CountDownLatch(1);
  private volatile Behaviour behaviour;
  private volatile boolean hangs;
  private volatile Executor executor =
      r -> {
        Thread t = new Thread(r, "fake-model");
        t.setDaemon(true);
        t.start();
      };

  FakeModelClient(String name, Behaviour behaviour) {
    this.name = name;
    this.behaviour = behaviour;
  }

  static FakeModelClient answering(String name, String text) {
    return new FakeModelClient(name, (c, ctl, p) -> ModelOutput.of(text));
  }

  static FakeModelClient failing(String name, ModelException.Kind kind) {
    return new FakeModelClient(
        name,
        (c, ctl, p) -> {
          throw new ModelException(kind, name, name + " failed: " + kind);
        });
  }

  /** Blocks until the router cancels the call. */
  static FakeModelClient hanging(String name) {
    return new FakeModelClient(name, null).hangs();
  }

  /** The call's future completes only when the router cancels it. */
  FakeModelClient hangs() {
    hangs = true;
    return this;
  }

  /** Runs the scripted body on {@code e}. */
  FakeModelClient on(Executor e) {
    executor = e;
    return this;
  }

  void behave(Behaviour b) {
    behaviour = b;
    hangs = false;
  }

  @Override
  public CompletableFuture<ModelOutput> callAsync(
      ModelCall call, CallControl control, Consumer<String> onPartial) {
    calls.add(call);
    control.onCancel(
        () -> {
          cancelled.incrementAndGet();
          cancelledLatch.countDown();
        });
    started.countDown();
    if (hangs) {
      CompletableFuture<ModelOutput> never = new CompletableFuture<>();
      control.onCancel(() -> never.completeExceptionally(new CancellationException()));
      return never;
    }
    Behaviour b = behaviour;
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return b.run(call, control, onPartial);
          } catch (ModelException | CancellationException e) {
            throw e;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        executor);
  }
}

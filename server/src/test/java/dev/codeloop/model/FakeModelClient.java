package dev.codeloop.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A scripted model for router tests: answers, fails, streams or hangs until cancelled. */
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

  FakeModelClient hangs() {
    behaviour =
        (c, ctl, p) -> {
          CountDownLatch latch = new CountDownLatch(1);
          ctl.onCancel(latch::countDown);
          latch.await();
          throw new java.util.concurrent.CancellationException();
        };
    return this;
  }

  void behave(Behaviour b) {
    behaviour = b;
  }

  @Override
  public ModelOutput call(ModelCall call, CallControl control, Consumer<String> onPartial) {
    calls.add(call);
    control.onCancel(
        () -> {
          cancelled.incrementAndGet();
          cancelledLatch.countDown();
        });
    started.countDown();
    try {
      return behaviour.run(call, control, onPartial);
    } catch (ModelException | java.util.concurrent.CancellationException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

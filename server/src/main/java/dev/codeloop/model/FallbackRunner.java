package dev.codeloop.model;

import dev.codeloop.model.config.HedgingSettings;
import dev.codeloop.model.config.ModelSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request over its route: each attempt on the model executor, bounded by the model's
 * timeout and the overall deadline, falling back on retryable failures, optionally hedging, and
 * polling the caller's {@link CancelChecker} while waiting. The calling thread never blocks past
 * the deadline.
 */
final class FallbackRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackRunner.class);
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ExecutorService executor;
  private final Ticker ticker;
  private final Function<ModelSpec, ModelClient> clients;
  private final Function<String, CircuitBreaker> breakers;
  private final StatsRecorder stats;
  private final CredentialRedactor redactor;

  FallbackRunner(
      ExecutorService executor,
      Ticker ticker,
      Function<ModelSpec, ModelClient> clients,
      Function<String, CircuitBreaker> breakers,
      StatsRecorder stats,
      CredentialRedactor redactor) {
    this.executor = executor;
    this.ticker = ticker;
    this.clients = clients;
    this.breakers = breakers;
    this.stats = stats;
    this.redactor = redactor;
  }

  /** What to run: the request fitted per model by {@code prepare}. */
  record Job(
      Task task,
      List<ModelSpec> route,
      Function<ModelSpec, ModelCall> prepare,
      Duration deadline,
      HedgingSettings hedging,
      @Nullable Consumer<String> onPartial) {}

  private final class Attempt {
    final ModelSpec spec;
    final CallControl control = new CallControl();
    final long startNanos;
    final long deadlineNanos;
    @Nullable Future<?> future;

    Attempt(ModelSpec spec, long startNanos, long deadlineNanos) {
      this.spec = spec;
      this.startNanos = startNanos;
      this.deadlineNanos = deadlineNanos;
    }

    void cancel() {
      control.cancel();
      Future<?> f = future;
      if (f != null) {
        f.cancel(true);
      }
    }
  }

  private record Outcome(
      Attempt attempt, @Nullable ModelOutput output, @Nullable ModelException error) {}

  /**
   * Serializes stream chunks of the current attempt and sends RESTART when a new one takes over.
   */
  private static final class StreamGate {
    private final Consumer<String> sink;
    private @Nullable Object owner;
    private boolean sent;

    StreamGate(Consumer<String> sink) {
      this.sink = sink;
    }

    synchronized void push(Object attempt, CallControl control, String chunk) {
      if (control.isCancelled() || chunk.isEmpty()) {
        return;
      }
      if (owner != attempt) {
        if (sent) {
          sink.accept(ModelGateway.RESTART);
        }
        owner = attempt;
      }
      sink.accept(chunk);
      sent = true;
    }

    synchronized void finish(Object attempt, String full) {
      if (owner != attempt && !full.isEmpty()) {
        // the model answered without streaming: deliver the text as one chunk
        if (sent) {
          sink.accept(ModelGateway.RESTART);
        }
        owner = attempt;
        sink.accept(full);
        sent = true;
      }
    }
  }

  ModelReply run(Job job, CancelChecker cancel) {
    long start = ticker.nanos();
    long deadline = start + job.deadline().toNanos();
    Deque<ModelSpec> pending = new ArrayDeque<>(job.route());
    BlockingQueue<Outcome> done = new LinkedBlockingQueue<>();
    List<Attempt> inflight = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    StreamGate gate = job.onPartial() == null ? null : new StreamGate(job.onPartial());
    boolean hedge = job.hedging().enabled() && gate == null && job.task() == Task.COMPLETION;
    ModelException last = null;
    try {
      while (true) {
        cancel.checkCanceled();
        long now = ticker.nanos();
        if (inflight.isEmpty()) {
          if (!startNext(job, pending, inflight, done, tried, skipped, now, deadline, gate)) {
            throw exhausted(job, last, tried, skipped, now >= deadline);
          }
          continue;
        }
        if (now >= deadline) {
          for (Attempt a : inflight) {
            fail(job, a, timeout(a, now), !pending.isEmpty());
          }
          inflight.clear();
          throw exhausted(job, last, tried, skipped, true);
        }
        boolean expired = false;
        for (Attempt a : List.copyOf(inflight)) {
          if (now >= a.deadlineNanos) {
            inflight.remove(a);
            ModelException e = timeout(a, now);
            fail(job, a, e, !pending.isEmpty() || !inflight.isEmpty());
            last = e;
            expired = true;
          }
        }
        if (expired) {
          continue;
        }
        long wake = Math.min(deadline, now + POLL_NANOS);
        for (Attempt a : inflight) {
          wake = Math.min(wake, a.deadlineNanos);
        }
        if (hedge && inflight.size() == 1 && !pending.isEmpty()) {
          long hedgeAt = inflight.get(0).startNanos + job.hedging().delay().toNanos();
          if (hedgeAt <= now) {
            LOG.debug("hedging {} with the next model", inflight.get(0).spec.name());
            startNext(job, pending, inflight, done, tried, skipped, now, deadline, gate);
            continue;
          }
          wake = Math.min(wake, hedgeAt);
        }
        Outcome o = done.poll(Math.max(0, wake - now), TimeUnit.NANOSECONDS);
        now = ticker.nanos();
        if (o == null) {
          continue;
        }
        if (!inflight.remove(o.attempt())) {
          continue; // already given up on
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(now - o.attempt().startNanos);
        ModelException error = o.error() != null ? o.error() : checkOutput(o);
        if (error == null) {
          for (Attempt a : inflight) {
            a.cancel();
            breakers.apply(a.spec.name()).onAbandoned();
          }
          inflight.clear();
          breakers.apply(o.attempt().spec.name()).onSuccess();
          ModelOutput out = o.output();
          stats.modelSuccess(o.attempt().spec.name(), o.attempt().spec, millis, out.usage());
          if (gate != null) {
            gate.finish(o.attempt(), out.texts().get(0));
          }
          return new ModelReply(
              out.texts(),
              o.attempt().spec.name(),
              tried.size(),
              Duration.ofNanos(now - start),
              out.usage());
        }
        last = error;
        fail(job, o.attempt(), error, !pending.isEmpty() || !inflight.isEmpty());
        if (!error.isRetryableElsewhere()) {
          throw error;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a model");
    } finally {
      for (Attempt a : inflight) {
        a.cancel();
        breakers.apply(a.spec.name()).onAbandoned();
      }
    }
  }

  private boolean startNext(
      Job job,
      Deque<ModelSpec> pending,
      List<Attempt> inflight,
      BlockingQueue<Outcome> done,
      List<String> tried,
      List<String> skipped,
      long now,
      long deadline,
      @Nullable StreamGate gate) {
    while (!pending.isEmpty() && now < deadline) {
      ModelSpec spec = pending.poll();
      CircuitBreaker breaker = breakers.apply(spec.name());
      if (!breaker.tryAcquire()) {
        skipped.add(spec.name());
        continue;
      }
      long budget = deadline - now;
      if (!pending.isEmpty()) {
        budget = budget * 2 / 3; // leave the fallbacks a chance
      }
      budget = Math.min(budget, spec.timeout().toNanos());
      Attempt a = new Attempt(spec, now, now + budget);
      tried.add(spec.name());
      ModelCall call;
      ModelClient client;
      try {
        call = job.prepare().apply(spec);
        client = clients.apply(spec);
      } catch (ModelException e) {
        breaker.onAbandoned();
        done.add(new Outcome(a, null, e));
        inflight.add(a);
        return true;
      }
      Consumer<String> partial = gate == null ? null : chunk -> gate.push(a, a.control, chunk);
      try {
        a.future =
            executor.submit(
                () -> {
                  done.add(invoke(client, call, a, partial));
                });
      } catch (RejectedExecutionException e) {
        breaker.onAbandoned();
        done.add(
            new Outcome(
                a,
                null,
                new ModelException(
                    ModelException.Kind.TIMEOUT, spec.name(), "the model executor is saturated")));
      }
      inflight.add(a);
      return true;
    }
    return false;
  }

  private Outcome invoke(
      ModelClient client, ModelCall call, Attempt a, @Nullable Consumer<String> partial) {
    try {
      return new Outcome(a, client.call(call, a.control, partial), null);
    } catch (ModelException e) {
      return new Outcome(a, null, e);
    } catch (CancellationException e) {
      return new Outcome(
          a, null, new ModelException(ModelException.Kind.TIMEOUT, a.spec.name(), "cancelled"));
    } catch (RuntimeException e) {
      return new Outcome(
          a,
          null,
          new ModelException(
              ModelException.Kind.MALFORMED_REPLY,
              a.spec.name(),
              "model '"
                  + a.spec.name()
                  + "' failed: "
                  + redactor.redact(String.valueOf(e.getMessage()))));
    }
  }

  private static @Nullable ModelException checkOutput(Outcome o) {
    ModelOutput out = o.output();
    if (out == null || out.texts().isEmpty() || out.texts().stream().allMatch(String::isBlank)) {
      return new ModelException(
          ModelException.Kind.EMPTY_REPLY,
          o.attempt().spec.name(),
          "model '" + o.attempt().spec.name() + "' returned an empty answer");
    }
    return null;
  }

  private ModelException timeout(Attempt a, long now) {
    a.cancel();
    return new ModelException(
        ModelException.Kind.TIMEOUT,
        a.spec.name(),
        "model '"
            + a.spec.name()
            + "' did not answer within "
            + TimeUnit.NANOSECONDS.toMillis(now - a.startNanos)
            + " ms");
  }

  private void fail(Job job, Attempt a, ModelException e, boolean fallingBack) {
    a.cancel();
    long millis = TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - a.startNanos);
    CircuitBreaker breaker = breakers.apply(a.spec.name());
    if (CircuitBreaker.countsAgainstModel(e.kind())) {
      Optional<Duration> retryAfter =
          e instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
      breaker.onFailure(retryAfter);
    } else {
      breaker.onAbandoned();
    }
    stats.modelFailure(a.spec.name(), e.kind(), millis, fallingBack);
    String msg = redactor.redact(e.getMessage());
    if (fallingBack) {
      LOG.info(
          "{}: {} failed ({}), trying the next model: {}",
          job.task().id(),
          a.spec.name(),
          e.kind(),
          msg);
    } else if (e.kind() == ModelException.Kind.EMPTY_REPLY) {
      // "nothing confident to say" is an everyday answer of a completion model, not news
      LOG.debug("{}: {} had no reply: {}", job.task().id(), a.spec.name(), msg);
    } else {
      LOG.info("{}: {} failed ({}): {}", job.task().id(), a.spec.name(), e.kind(), msg);
    }
  }

  private ModelException exhausted(
      Job job,
      @Nullable ModelException last,
      List<String> tried,
      List<String> skipped,
      boolean timedOut) {
    StringBuilder msg = new StringBuilder();
    if (timedOut) {
      msg.append("no model answered '")
          .append(job.task().id())
          .append("' within ")
          .append(job.deadline().toMillis())
          .append(" ms");
    } else {
      msg.append("every model for '").append(job.task().id()).append("' failed");
    }
    if (!tried.isEmpty()) {
      msg.append(" (tried ").append(String.join(", ", tried)).append(')');
    }
    if (!skipped.isEmpty()) {
      msg.append(" (skipped, circuit open: ").append(String.join(", ", skipped)).append(')');
    }
    if (last != null) {
      msg.append(": ").append(redactor.redact(last.getMessage()));
    }
    ModelException.Kind kind;
    if (timedOut) {
      kind = ModelException.Kind.TIMEOUT;
    } else if (last != null) {
      kind = last.kind();
    } else {
      kind = ModelException.Kind.CONNECTION;
    }
    String model = last != null ? last.model() : null;
    if (last instanceof RateLimitedException r && !timedOut) {
      return new RateLimitedException(model, msg.toString(), r.retryAfter());
    }
    return new ModelException(kind, model, msg.toString(), last);
  }
}

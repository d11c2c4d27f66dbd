package dev.codeloop.model;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.config.BreakerSettings;
import dev.codeloop.model.config.HedgingSettings;
import dev.codeloop.model.config.ModelSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request over its route as an asynchronous state machine: each attempt is started from
 * the completion (or the timer) of the one before it, bounded by the model's timeout and the
 * overall deadline, falling back on retryable failures, optionally hedging. Deadlines, the hedging
 * delay and the polling of the caller's {@link CancelChecker} are tasks on the scheduler; no thread
 * ever waits for a model here, and nothing is submitted to a pool to wait on another.
 *
 * <p>Each run processes its events (an attempt finished, a timer fired, the caller cancelled) one
 * at a time on whichever thread posted them, in the order posted: the state needs no lock and an
 * event posted while another is processed (a client that completes at once) is queued, not nested.
 */
final class FallbackRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackRunner.class);

  /** How often the caller's {@link CancelChecker} is polled while a run is in flight. */
  static final long CANCEL_TICK_MILLIS = 50;

  /** How many ticks without a run in flight before the shared tick stops (one second). */
  private static final int IDLE_TICKS = 20;

  private final ScheduledExecutorService scheduler;
  private final Ticker ticker;
  private final Function<ModelSpec, ModelClient> clients;
  private final Function<ModelSpec, CircuitBreaker> breakers;
  private final StatsRecorder stats;
  private final CredentialRedactor redactor;

  /**
   * The runs in flight, whose callers' cancel checkers the one shared tick polls. A tick per run
   * was a timer inserted at the head of the scheduler's queue for every request, which woke the
   * scheduler thread each time (a thread switch per completion on the request path of a 2-core
   * machine); a shared tick stays at the head, and the deadlines and attempt timers of new runs,
   * being later, are queued behind it without waking anything.
   */
  private final Set<Run> live = ConcurrentHashMap.newKeySet();

  private final Object tickLock = new Object();
  private @Nullable ScheduledFuture<?> tick;
  private int idleTicks;

  /**
   * @param scheduler runs the deadlines, hedging delays and cancellation ticks (tiny tasks only)
   */
  FallbackRunner(
      ScheduledExecutorService scheduler,
      Ticker ticker,
      Function<ModelSpec, ModelClient> clients,
      Function<ModelSpec, CircuitBreaker> breakers,
      StatsRecorder stats,
      CredentialRedactor redactor) {
    this.scheduler = scheduler;
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
      @Nullable Consumer<String> onPartial,
      BreakerSettings breaker,
      StatsRecorder sessionStats,
      BiConsumer<ModelSpec, ModelCall> onSend) {}

  private static final class Attempt {
    final ModelSpec spec;
    final CallControl control = new CallControl();
    final long startNanos;
    final long deadlineNanos;
    @Nullable CompletableFuture<ModelOutput> future;
    @Nullable ScheduledFuture<?> timer;

    Attempt(ModelSpec spec, long startNanos, long deadlineNanos) {
      this.spec = spec;
      this.startNanos = startNanos;
      this.deadlineNanos = deadlineNanos;
    }

    void cancel() {
      control.cancel();
      CompletableFuture<ModelOutput> f = future;
      if (f != null) {
        f.cancel(true);
      }
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

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

  /**
   * Starts the run and returns its reply. Cancelling the returned future, or {@code cancel}
   * tripping, cancels the attempts in flight; the future then fails with a {@link
   * CancellationException}. Failures are {@link ModelException}s.
   */
  CompletableFuture<ModelReply> run(Job job, CancelChecker cancel) {
    Run run = new Run(job, cancel);
    run.post(run::begin);
    return run.result;
  }

  /** The state of one run; touched only by the event being processed. */
  private final class Run {
    final Job job;
    final CancelChecker cancel;
    final CompletableFuture<ModelReply> result = new CompletableFuture<>();
    final long start;
    final long deadline;
    final Deque<ModelSpec> pending;
    final List<Attempt> inflight = new ArrayList<>();
    final List<String> tried = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final @Nullable StreamGate gate;
    final boolean hedge;
    final List<ScheduledFuture<?>> timers = new ArrayList<>();
    @Nullable ModelException last;
    @Nullable Attempt hedgeFor;
    @Nullable ScheduledFuture<?> hedgeTimer;
    boolean finished;

    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();

    Run(Job job, CancelChecker cancel) {
      this.job = job;
      this.cancel = cancel;
      this.start = ticker.nanos();
      this.deadline = start + job.deadline().toNanos();
      this.pending = new ArrayDeque<>(job.route());
      this.gate = job.onPartial() == null ? null : new StreamGate(job.onPartial());
      this.hedge = job.hedging().enabled() && gate == null && job.task() == Task.COMPLETION;
      result.whenComplete(
          (r, t) -> {
            if (t != null) {
              post(this::abandon); // the caller cancelled the future: stop what runs
            }
          });
    }

    /** Queues an event; the first poster processes the queue until it is empty. */
    void post(Runnable event) {
      events.add(event);
      if (pendingEvents.getAndIncrement() != 0) {
        return;
      }
      do {
        Runnable e = events.poll();
        try {
          e.run();
          armHedge();
        } catch (RuntimeException | Error x) {
          if (!finished) {
            LOG.warn("{}: the model request failed unexpectedly", job.task().id(), x);
            finish(null, x);
          }
        }
      } while (pendingEvents.decrementAndGet() != 0);
    }

    void begin() {
      if (cancelled()) {
        return;
      }
      long now = ticker.nanos();
      timers.add(
          scheduler.schedule(
              () -> post(this::onDeadline), Math.max(0, deadline - now), TimeUnit.NANOSECONDS));
      watch(this);
      next();
    }

    /** Whether the caller cancelled; if so the run ends with the checker's exception. */
    boolean cancelled() {
      if (finished) {
        return true;
      }
      try {
        cancel.checkCanceled();
        return false;
      } catch (CancellationException e) {
        finish(null, e);
        return true;
      }
    }

    /** Starts the next model when nothing is in flight; ends the run when none is left. */
    void next() {
      if (!inflight.isEmpty()) {
        return;
      }
      long now = ticker.nanos();
      if (!startNext(now)) {
        finish(null, exhausted(job, last, tried, skipped, now >= deadline));
      }
    }

    boolean startNext(long now) {
      while (!pending.isEmpty() && now < deadline) {
        ModelSpec spec = pending.poll();
        CircuitBreaker breaker = breakers.apply(spec);
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
        inflight.add(a);
        ModelCall call;
        ModelClient client;
        try {
          call = job.prepare().apply(spec);
          client = clients.apply(spec);
        } catch (ModelException e) {
          breaker.onAbandoned();
          post(() -> onOutcome(a, null, e));
          return true;
        }
        a.timer =
            scheduler.schedule(() -> post(() -> onAttemptTimeout(a)), budget, TimeUnit.NANOSECONDS);
        StreamGate g = gate;
        Consumer<String> partial = g == null ? null : chunk -> g.push(a, a.control, chunk);
        CompletableFuture<ModelOutput> f;
        try {
          job.onSend().accept(spec, call);
        } catch (RuntimeException e) {
          LOG.warn("egress audit failed: {}", e.toString());
        }
        try {
          f = client.callAsync(call, a.control, partial);
        } catch (RejectedExecutionException e) {
          breaker.onAbandoned();
          post(() -> onOutcome(a, null, failure(a, e)));
          return true;
        } catch (RuntimeException e) {
          post(() -> onOutcome(a, null, failure(a, e)));
          return true;
        }
        a.future = f;
        f.whenComplete((out, t) -> post(() -> onOutcome(a, out, t == null ? null : failure(a, t))));
        return true;
      }
      return false;
    }

    void onOutcome(Attempt a, @Nullable ModelOutput output, @Nullable ModelException failure) {
      if (cancelled() || !inflight.remove(a)) {
        return; // already given up on
      }
      long now = ticker.nanos();
      long millis = TimeUnit.NANOSECONDS.toMillis(now - a.startNanos);
      ModelException error = failure != null ? failure : checkOutput(a, output);
      if (error == null) {
        ScheduledFuture<?> t = a.timer;
        if (t != null) {
          t.cancel(false);
        }
        for (Attempt other : inflight) {
          other.cancel();
          breakers.apply(other.spec).onAbandoned();
        }
        inflight.clear();
        breakers.apply(a.spec).onSuccess();
        stats.modelSuccess(ModelIdentity.of(a.spec).toString(), a.spec, millis, output.usage());
        job.sessionStats().modelSuccess(a.spec.name(), a.spec, millis, output.usage());
        if (gate != null) {
          gate.finish(a, output.texts().get(0));
        }
        finish(
            new ModelReply(
                output.texts(),
                a.spec.name(),
                tried.size(),
                Duration.ofNanos(now - start),
                output.usage()),
            null);
        return;
      }
      last = error;
      fail(job, a, error, !pending.isEmpty() || !inflight.isEmpty());
      if (!error.isRetryableElsewhere()) {
        finish(null, error);
        return;
      }
      next();
    }

    void onAttemptTimeout(Attempt a) {
      if (cancelled() || !inflight.contains(a)) {
        return;
      }
      long now = ticker.nanos();
      if (now >= deadline) {
        onDeadline();
        return;
      }
      inflight.remove(a);
      ModelException e = timeout(a, now);
      fail(job, a, e, !pending.isEmpty() || !inflight.isEmpty());
      last = e;
      next();
    }

    void onDeadline() {
      if (cancelled()) {
        return;
      }
      long now = ticker.nanos();
      for (Attempt a : inflight) {
        fail(job, a, timeout(a, now), !pending.isEmpty());
      }
      inflight.clear();
      finish(null, exhausted(job, last, tried, skipped, true));
    }

    /** Starts the next model once the only one in flight has had the hedging delay. */
    void armHedge() {
      if (!hedge || finished || inflight.size() != 1 || pending.isEmpty()) {
        return;
      }
      Attempt a = inflight.get(0);
      if (hedgeFor == a) {
        return;
      }
      if (hedgeTimer != null) {
        hedgeTimer.cancel(false);
      }
      hedgeFor = a;
      long at = a.startNanos + job.hedging().delay().toNanos();
      hedgeTimer =
          scheduler.schedule(
              () -> post(() -> onHedge(a)), Math.max(0, at - ticker.nanos()), TimeUnit.NANOSECONDS);
    }

    void onHedge(Attempt a) {
      if (cancelled() || inflight.size() != 1 || inflight.get(0) != a || pending.isEmpty()) {
        return;
      }
      LOG.debug("hedging {} with the next model", a.spec.name());
      startNext(ticker.nanos());
    }

    /** Ends the run: stops timers and attempts, then completes the future. */
    void finish(@Nullable ModelReply reply, @Nullable Throwable error) {
      if (finished) {
        return;
      }
      finished = true;
      abandon();
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(reply);
      }
    }

    /** Stops the timers and gives up on the attempts still in flight. */
    void abandon() {
      finished = true;
      live.remove(this);
      for (ScheduledFuture<?> t : timers) {
        t.cancel(false);
      }
      if (hedgeTimer != null) {
        hedgeTimer.cancel(false);
      }
      for (Attempt a : inflight) {
        a.cancel();
        breakers.apply(a.spec).onAbandoned();
      }
      inflight.clear();
    }
  }

  /** Polls {@code run}'s cancel checker every {@link #CANCEL_TICK_MILLIS} until it ends. */
  private void watch(Run run) {
    live.add(run);
    synchronized (tickLock) {
      idleTicks = 0;
      if (tick == null) {
        tick =
            scheduler.scheduleWithFixedDelay(
                this::onTick, CANCEL_TICK_MILLIS, CANCEL_TICK_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** On the scheduler: posts a cancellation check to every run in flight (tiny). */
  private void onTick() {
    if (live.isEmpty()) {
      synchronized (tickLock) {
        if (live.isEmpty() && ++idleTicks >= IDLE_TICKS && tick != null) {
          tick.cancel(false);
          tick = null;
        }
      }
      return;
    }
    for (Run r : List.copyOf(live)) {
      r.post(r::cancelled);
    }
  }

  private static @Nullable ModelException checkOutput(Attempt a, @Nullable ModelOutput out) {
    if (out == null || out.texts().isEmpty() || out.texts().stream().allMatch(String::isBlank)) {
      return new ModelException(
          ModelException.Kind.EMPTY_REPLY,
          a.spec.name(),
          "model '" + a.spec.name() + "' returned an empty answer");
    }
    return null;
  }

  /** What a failed call means for the route. */
  private ModelException failure(Attempt a, Throwable thrown) {
    Throwable t = Futures.unwrap(thrown);
    if (t instanceof ModelException e) {
      return e;
    }
    if (t instanceof CancellationException) {
      return new ModelException(ModelException.Kind.TIMEOUT, a.spec.name(), "cancelled");
    }
    if (t instanceof RejectedExecutionException) {
      return new ModelException(
          ModelException.Kind.TIMEOUT, a.spec.name(), "the model executor is saturated");
    }
    return new ModelException(
        ModelException.Kind.MALFORMED_REPLY,
        a.spec.name(),
        "model '" + a.spec.name() + "' failed: " + redactor.redact(String.valueOf(t.getMessage())));
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
    CircuitBreaker breaker = breakers.apply(a.spec);
    if (CircuitBreaker.countsAgainstModel(e.kind())) {
      Optional<Duration> retryAfter =
          e instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
      breaker.onFailure(retryAfter, job.breaker());
    } else {
      breaker.onAbandoned();
    }
    stats.modelFailure(ModelIdentity.of(a.spec).toString(), e.kind(), millis, fallingBack);
    job.sessionStats().modelFailure(a.spec.name(), e.kind(), millis, fallingBack);
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

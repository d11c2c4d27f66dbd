package dev.codeloop.model;

import dev.codeloop.model.config.ModelSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** Collects per-model and per-task counters; lock-free apart from the latency windows. */
final class StatsRecorder {
  private static final int WINDOW = 2048;

  private final Map<String, Counters> models = new ConcurrentHashMap<>();
  private final Map<String, Counters> tasks = new ConcurrentHashMap<>();

  private static final class Counters {
    final LongAdder calls = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder failed = new LongAdder();
    final Map<ModelException.Kind, AtomicLong> failures = new ConcurrentHashMap<>();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder inputTokens = new LongAdder();
    final LongAdder outputTokens = new LongAdder();
    final DoubleAdder cost = new DoubleAdder();
    final LatencyWindow latency = new LatencyWindow(WINDOW);
  }

  private Counters model(String name) {
    return models.computeIfAbsent(name, n -> new Counters());
  }

  private Counters task(Task task) {
    return tasks.computeIfAbsent(task.id(), n -> new Counters());
  }

  void modelSuccess(String model, ModelSpec spec, long millis, ModelReply.TokenUsage usage) {
    Counters c = model(model);
    c.calls.increment();
    c.successes.increment();
    c.latency.add(millis);
    c.inputTokens.add(usage.inputTokens());
    c.outputTokens.add(usage.outputTokens());
    c.cost.add(cost(spec, usage));
  }

  void modelFailure(String model, ModelException.Kind kind, long millis, boolean fellBack) {
    Counters c = model(model);
    c.calls.increment();
    c.failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    if (fellBack) {
      c.fallbacks.increment();
    }
  }

  void taskDone(
      Task task, long millis, boolean ok, int attempts, ModelReply.TokenUsage usage, double cost) {
    Counters c = task(task);
    c.calls.increment();
    if (ok) {
      c.successes.increment();
      c.latency.add(millis);
    } else {
      c.failed.increment();
    }
    if (ok && attempts > 1) {
      c.fallbacks.increment();
    }
    c.inputTokens.add(usage.inputTokens());
    c.outputTokens.add(usage.outputTokens());
    c.cost.add(cost);
  }

  static double cost(ModelSpec spec, ModelReply.TokenUsage usage) {
    if (spec == null) {
      return 0;
    }
    return usage.inputTokens() / 1000.0 * spec.pricePer1kInput()
        + usage.outputTokens() / 1000.0 * spec.pricePer1kOutput();
  }

  RouterStats snapshot(Function<String, String> breakerState) {
    Map<String, RouterStats.ModelStats> m = new TreeMap<>();
    models.forEach(
        (name, c) -> {
          Map<String, Long> failures = new TreeMap<>();
          c.failures.forEach((k, v) -> failures.put(k.name(), v.get()));
          m.put(
              name,
              new RouterStats.ModelStats(
                  c.calls.sum(),
                  c.successes.sum(),
                  failures,
                  c.fallbacks.sum(),
                  c.latency.percentile(50),
                  c.latency.percentile(95),
                  c.latency.percentile(99),
                  c.inputTokens.sum(),
                  c.outputTokens.sum(),
                  c.cost.sum(),
                  breakerState.apply(name)));
        });
    Map<String, RouterStats.TaskStats> t = new TreeMap<>();
    tasks.forEach(
        (name, c) ->
            t.put(
                name,
                new RouterStats.TaskStats(
                    c.calls.sum(),
                    c.failed.sum(),
                    c.fallbacks.sum(),
                    c.latency.percentile(50),
                    c.latency.percentile(95),
                    c.latency.percentile(99),
                    c.inputTokens.sum(),
                    c.outputTokens.sum(),
                    c.cost.sum())));
    return new RouterStats(m, t);
  }
}

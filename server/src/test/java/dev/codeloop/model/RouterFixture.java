package dev.codeloop.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.SettingsSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Builds a router over fake clients keyed by model name. */
final class RouterFixture implements AutoCloseable {
  final Map<String, FakeModelClient> fakes = new HashMap<>();
  final MutableClock clock = new MutableClock();
  final ExecutorService executor = Executors.newFixedThreadPool(4);
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  volatile ModelSettings settings = ModelSettings.EMPTY;
  Map<String, String> env = Map.of();
  LocalCompletionModel embedded;
  OllamaProbe probe = OllamaProbe.NONE;

  RouterFixture add(FakeModelClient fake) {
    fakes.put(fake.name, fake.on(executor));
    return this;
  }

  RouterFixture settings(String json) {
    try {
      settings = ModelSettings.parse(new ObjectMapper().readTree(json), SettingsSource.USER, env);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
    return this;
  }

  /** What the session made by {@link #router()} recorded in its egress audit. */
  final java.util.List<Egress> egress = new java.util.concurrent.CopyOnWriteArrayList<>();

  SessionRouter router() {
    return backend().session("session-test", () -> settings, egress::add);
  }

  ModelRouter backend() {
    return ModelRouter.builder()
        .clientFactory(
            (spec, env) -> {
              FakeModelClient f = fakes.get(spec.name());
              if (f == null) {
                throw new IllegalStateException("no fake for " + spec.name());
              }
              return f;
            })
        .modelExecutor(executor)
        .scheduler(scheduler)
        .clock(clock)
        .embedded(embedded)
        .env(env)
        .ollamaProbe(probe, "http://127.0.0.1:9")
        .build();
  }

  static ModelRequest chat(Task task, String text) {
    return ModelRequest.chat(task, List.of(ChatTurn.user(text)));
  }

  static ModelRequest fim(String prefix, String suffix) {
    return ModelRequest.fim(
        Task.COMPLETION, new FimRequest("src/A.java", "java", prefix, suffix, List.of(), false));
  }

  /** Asserts every model call finished on its own (no thread left blocked). */
  boolean drained() throws InterruptedException {
    executor.shutdown();
    return executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    scheduler.shutdownNow();
  }
}

package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.config.BreakerSettings;
import dev.codeloop.model.config.HedgingSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous state machine on its own: a scheduler of one thread, fake clients. */
class FallbackRunnerTest {
  private static final CancelChecker NEVER = () -> {};

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService models = Executors.newFixedThreadPool(2);
  private final Map<String, FakeModelClient> fakes = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final StatsRecorder stats = new StatsRecorder();
  private final FallbackRunner runner =
      new FallbackRunner(
          scheduler,
          Ticker.SYSTEM,
          spec -> fakes.get(spec.name()),
          spec -> breakers.computeIfAbsent(spec.name(), n -> new CircuitBreaker(Clock.systemUTC())),
          new StatsRecorder(), // the backend's, by model identity; the session's (by name) is
          // `stats`
          new CredentialRedactor(List.of()));

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    models.shutdownNow();
  }

  private FakeModelClient add(FakeModelClient fake) {
    fakes.put(fake.name, fake.on(models));
    return fake;
  }

  private static ModelSpec spec(String name, Duration timeout) {
    return ModelSpec.builder(name, ProviderKind.OPENAI_COMPATIBLE, "m")
        .baseUrl("http://127.0.0.1:9/v1")
        .timeout(timeout)
        .build();
  }

  private FallbackRunner.Job job(
      Task task,
      Duration deadline,
      HedgingSettings hedging,
      Consumer<String> onPartial,
      ModelSpec... route) {
    return new FallbackRunner.Job(
        task,
        List.of(route),
        spec -> ModelCall.chat(List.of(ChatTurn.user("x")), 16),
        deadline,
        hedging,
        onPartial,
        BreakerSettings.DEFAULT,
        stats,
        (spec, call) -> {});
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void should_fall_back_to_the_next_model_when_the_first_fails() throws Exception {
    // given
    add(FakeModelClient.failing("a", ModelException.Kind.SERVER_ERROR));
    add(FakeModelClient.answering("b", "from b"));
    // when
    ModelReply reply =
        runner
            .run(
                job(
                    Task.CHAT,
                    Duration.ofSeconds(5),
                    HedgingSettings.OFF,
                    null,
                    spec("a", Duration.ofSeconds(5)),
                    spec("b", Duration.ofSeconds(5))),
                NEVER)
            .get(5, TimeUnit.SECONDS);
    // then
    assertThat(reply.text()).isEqualTo("from b");
    assertThat(reply.attempts()).isEqualTo(2);
    assertThat(stats.snapshot(n -> "CLOSED").models().get("a").fallbacks()).isEqualTo(1);
  }

  @Test
  void should_time_out_an_attempt_by_the_scheduler_when_the_model_hangs() throws Exception {
    // given
    FakeModelClient hung = add(FakeModelClient.hanging("a"));
    add(FakeModelClient.answering("b", "from b"));
    long start = System.nanoTime();
    // when
    ModelReply reply =
        runner
            .run(
                job(
                    Task.CHAT,
                    Duration.ofSeconds(5),
                    HedgingSettings.OFF,
                    null,
                    spec("a", Duration.ofMillis(200)),
                    spec("b", Duration.ofSeconds(5))),
                NEVER)
            .get(5, TimeUnit.SECONDS);
    // then
    assertThat(reply.model()).isEqualTo("b");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 3000L);
    assertThat(hung.cancelledLatch.await(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void should_start_the_second_model_after_the_hedging_delay_when_the_first_is_slow()
      throws Exception {
    // given
    FakeModelClient slow = add(FakeModelClient.hanging("a"));
    FakeModelClient second = add(FakeModelClient.answering("b", "hedged"));
    // when
    CompletableFuture<ModelReply> reply =
        runner.run(
            job(
                Task.COMPLETION,
                Duration.ofSeconds(5),
                new HedgingSettings(true, Duration.ofMillis(150)),
                null,
                spec("a", Duration.ofSeconds(5)),
                spec("b", Duration.ofSeconds(5))),
            NEVER);
    Thread.sleep(50);
    // then
    assertThat(second.calls).isEmpty();
    assertThat(reply.get(5, TimeUnit.SECONDS).text()).isEqualTo("hedged");
    assertThat(slow.cancelledLatch.await(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void should_cancel_the_attempt_when_the_returned_future_is_cancelled() throws Exception {
    // given
    FakeModelClient hung = add(FakeModelClient.hanging("a"));
    CompletableFuture<ModelReply> reply =
        runner.run(
            job(
                Task.CHAT,
                Duration.ofSeconds(30),
                HedgingSettings.OFF,
                null,
                spec("a", Duration.ofSeconds(30))),
            NEVER);
    assertThat(hung.started.await(2, TimeUnit.SECONDS)).isTrue();
    // when
    reply.cancel(true);
    // then
    assertThat(hung.cancelledLatch.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(hung.cancelled.get()).isEqualTo(1);
  }

  @Test
  void should_cancel_the_attempt_when_the_cancel_checker_trips() throws Exception {
    // given
    FakeModelClient hung = add(FakeModelClient.hanging("a"));
    AtomicBoolean cancelled = new AtomicBoolean();
    CancelChecker checker =
        () -> {
          if (cancelled.get()) {
            throw new CancellationException("user cancelled");
          }
        };
    CompletableFuture<ModelReply> reply =
        runner.run(
            job(
                Task.CHAT,
                Duration.ofSeconds(30),
                HedgingSettings.OFF,
                null,
                spec("a", Duration.ofSeconds(30))),
            checker);
    assertThat(hung.started.await(2, TimeUnit.SECONDS)).isTrue();
    // when
    cancelled.set(true);
    // then
    assertThat(failure(reply)).isInstanceOf(CancellationException.class);
    assertThat(hung.cancelledLatch.await(2, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void should_send_restart_when_a_fallback_takes_over_a_stream() throws Exception {
    // given
    add(
        new FakeModelClient(
            "a",
            (c, ctl, p) -> {
              p.accept("par");
              p.accept("tial");
              throw new ModelException(ModelException.Kind.CONNECTION, "a", "reset");
            }));
    add(
        new FakeModelClient(
            "b",
            (c, ctl, p) -> {
              p.accept("Hel");
              p.accept("lo");
              return ModelOutput.of("Hello");
            }));
    List<String> chunks = new CopyOnWriteArrayList<>();
    // when
    ModelReply reply =
        runner
            .run(
                job(
                    Task.CHAT,
                    Duration.ofSeconds(5),
                    HedgingSettings.OFF,
                    chunks::add,
                    spec("a", Duration.ofSeconds(5)),
                    spec("b", Duration.ofSeconds(5))),
                NEVER)
            .get(5, TimeUnit.SECONDS);
    // then
    assertThat(reply.text()).isEqualTo("Hello");
    assertThat(chunks).containsExactly("par", "tial", ModelGateway.RESTART, "Hel", "lo");
  }

  @Test
  void should_time_out_every_job_by_its_deadline_when_50_jobs_hang_on_a_pool_of_2_threads()
      throws Exception {
    // given: a model whose futures never complete; if each job held one of the 2 model threads,
    // 48 of them could not even start before their deadline
    add(FakeModelClient.hanging("a"));
    long start = System.nanoTime();
    List<CompletableFuture<ModelReply>> jobs = new ArrayList<>();
    // when
    for (int i = 0; i < 50; i++) {
      jobs.add(
          runner.run(
              job(
                  Task.CHAT,
                  Duration.ofMillis(300),
                  HedgingSettings.OFF,
                  null,
                  spec("a", Duration.ofSeconds(30))),
              NEVER));
    }
    CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new))
        .handle((v, t) -> null)
        .get(5, TimeUnit.SECONDS);
    // then
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).isLessThan(2000);
    for (CompletableFuture<ModelReply> job : jobs) {
      assertThat(failure(job))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.TIMEOUT));
    }
  }

  @Test
  void should_not_grow_the_thread_count_when_1000_requests_fail_or_hang() throws Exception {
    // given
    add(FakeModelClient.hanging("a"));
    add(FakeModelClient.failing("b", ModelException.Kind.SERVER_ERROR));
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    List<CompletableFuture<ModelReply>> jobs = new ArrayList<>();
    // when
    for (int i = 0; i < 1000; i++) {
      jobs.add(
          runner.run(
              job(
                  Task.CHAT,
                  Duration.ofMillis(200),
                  HedgingSettings.OFF,
                  null,
                  spec(i % 2 == 0 ? "a" : "b", Duration.ofSeconds(30))),
              NEVER));
    }
    CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new))
        .handle((v, t) -> null)
        .get(10, TimeUnit.SECONDS);
    // then: only the fixed pools' threads may have started
    int after = ManagementFactory.getThreadMXBean().getThreadCount();
    assertThat(after - before).isLessThanOrEqualTo(4);
    assertThat(jobs).allMatch(CompletableFuture::isCompletedExceptionally);
  }
}

package dev.codeloop.model.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.codeloop.model.CallControl;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelCall;
import dev.codeloop.model.ModelClient;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.ModelOutput;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.ModelRouter;
import dev.codeloop.model.RateLimitedException;
import dev.codeloop.model.SessionRouter;
import dev.codeloop.model.Task;
import dev.codeloop.model.config.BreakerSettings;
import dev.codeloop.model.config.HedgingSettings;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every LangChain4j-backed provider must do against a loopback server speaking its real wire
 * format: answer, stream, and under each injected fault fail with the right kind so the router
 * falls back within the deadline, without leaving threads blocked or logging the key.
 */
abstract class ProviderContractTest {
  static final String KEY = "sk-test-SECRET-0123456789abcdef";
  static final String KEY_ENV = "CODELOOP_TEST_KEY";
  static final ObjectMapper JSON = new ObjectMapper();

  LoopbackServer server;
  LogCapture logs;
  ExecutorService executor;
  ScheduledExecutorService scheduler;

  /** The provider under test. */
  abstract ProviderKind provider();

  /** The base URL as configured for this provider, given the server's root. */
  abstract String baseUrl(String root);

  /** The path a chat request goes to. */
  abstract String chatPath(boolean streaming);

  /** Writes a complete non-streaming answer. */
  abstract void replyChat(HttpExchange ex, String text) throws Exception;

  /** The provider's streaming wire format: the opening, one chunk, and the closing. */
  abstract String streamContentType();

  abstract String streamStart();

  abstract String streamChunk(String text);

  abstract String streamEnd();

  /** The text of the last user message in the request body. */
  abstract String userText(LoopbackServer.Recorded request);

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer();
    logs = new LogCapture();
    executor = Executors.newFixedThreadPool(4);
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() {
    logs.close();
    server.close();
    executor.shutdownNow();
    scheduler.shutdownNow();
  }

  ModelSpec spec() {
    return ModelSpec.builder("primary", provider(), "test-model")
        .baseUrl(baseUrl(server.base()))
        .apiKeyEnv(KEY_ENV)
        .timeout(Duration.ofSeconds(5))
        .maxTokens(100)
        .build();
  }

  ModelClient client() {
    return new LangChain4jClientFactory(executor).create(spec(), Map.of(KEY_ENV, KEY));
  }

  static ModelCall chatCall(String text) {
    return ModelCall.chat(List.of(ChatTurn.system("be brief"), ChatTurn.user(text)), 50);
  }

  void stream(HttpExchange ex, List<String> chunks, boolean complete, long gapMillis)
      throws Exception {
    OutputStream out = LoopbackServer.startStream(ex, streamContentType());
    LoopbackServer.write(out, streamStart());
    for (String c : chunks) {
      if (gapMillis > 0) {
        server.stall(gapMillis);
      }
      LoopbackServer.write(out, streamChunk(c));
    }
    if (complete) {
      LoopbackServer.write(out, streamEnd());
    }
    out.close();
  }

  @Test
  void should_answer_a_blocking_chat_request() {
    // given
    server.on((ex, r) -> replyChat(ex, "Hello there"));
    // when
    ModelOutput out = client().call(chatCall("say hello"), new CallControl(), null);
    // then
    assertThat(out.texts()).containsExactly("Hello there");
    assertThat(server.requests).hasSize(1);
    assertThat(server.requests.get(0).method()).isEqualTo("POST");
    assertThat(server.requests.get(0).path()).isEqualTo(chatPath(false));
    assertThat(userText(server.requests.get(0))).isEqualTo("say hello");
  }

  @Test
  void should_push_stream_chunks_in_order() {
    // given
    server.on((ex, r) -> stream(ex, List.of("Hel", "lo", " world"), true, 0));
    List<String> chunks = new CopyOnWriteArrayList<>();
    // when
    ModelOutput out = client().call(chatCall("stream please"), new CallControl(), chunks::add);
    // then
    assertThat(String.join("", chunks)).isEqualTo("Hello world");
    assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
    assertThat(out.texts()).containsExactly("Hello world");
    assertThat(server.requests.get(0).path()).isEqualTo(chatPath(true));
    assertThat(userText(server.requests.get(0))).isEqualTo("stream please");
  }

  @Test
  void should_refuse_a_reply_whose_declared_length_exceeds_max_reply_bytes() {
    // given: a valid 20 MB answer (Content-Length set)
    server.on((ex, r) -> replyChat(ex, "x".repeat(20 * 1024 * 1024)));
    // when / then: refused before it is read, naming the size and the limit
    assertThatThrownBy(() -> client().call(chatCall("x"), new CallControl(), null))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_REPLY);
              assertThat(e.getMessage())
                  .contains("reply too large")
                  .containsPattern("20,9\\d\\d,\\d{3} bytes")
                  .contains("the limit is 1,048,576 bytes (models.primary.maxReplyBytes)")
                  .doesNotContain("invalid JSON");
            });
  }

  @Test
  void should_cut_off_a_chunked_reply_at_max_reply_bytes() {
    // given: 20 MB without a Content-Length
    server.on(
        (ex, r) -> {
          OutputStream out = LoopbackServer.startStream(ex, "application/json");
          String piece = "x".repeat(64 * 1024);
          for (int i = 0; i < 320; i++) {
            LoopbackServer.write(out, piece);
          }
          out.close();
        });
    // when / then
    assertThatThrownBy(() -> client().call(chatCall("x"), new CallControl(), null))
        .isInstanceOfSatisfying(
            ModelException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("reply too large: more than 1,048,576 bytes")
                    .contains("read, then stopped"));
  }

  @Test
  void should_stop_a_stream_whose_answer_exceeds_max_reply_bytes() {
    // given: a limit of 2 KiB and a stream of 100 chunks of 100 bytes
    server.on((ex, r) -> stream(ex, java.util.Collections.nCopies(100, "y".repeat(100)), true, 0));
    ModelClient small =
        new LangChain4jClientFactory(executor)
            .create(spec().toBuilder().maxReplyBytes(2048).build(), Map.of(KEY_ENV, KEY));
    List<String> chunks = new CopyOnWriteArrayList<>();
    // when / then
    assertThatThrownBy(() -> small.call(chatCall("x"), new CallControl(), chunks::add))
        .isInstanceOfSatisfying(
            ModelException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("reply too large")
                    .contains("the limit is 2,048 bytes"));
    assertThat(String.join("", chunks).length()).isLessThanOrEqualTo(2048);
  }

  @Test
  void should_name_the_key_variable_when_authentication_fails() {
    // given
    server.on(
        (ex, r) ->
            LoopbackServer.status(
                ex, 401, "{\"error\":{\"message\":\"invalid key " + KEY + "\"}}"));
    // when / then
    assertThatThrownBy(() -> client().call(chatCall("x"), new CallControl(), null))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
              assertThat(e.getMessage()).contains("primary").contains(KEY_ENV).doesNotContain(KEY);
            });
    assertThat(logs.all()).doesNotContain(KEY);
  }

  @Test
  void should_carry_retry_after_of_a_rate_limit() {
    // given
    server.on(
        (ex, r) -> {
          ex.getResponseHeaders().set("Retry-After", "17");
          LoopbackServer.status(ex, 429, "{\"error\":\"slow down\"}");
        });
    // when / then
    assertThatThrownBy(() -> client().call(chatCall("x"), new CallControl(), null))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(17)));
  }

  @Test
  void should_not_build_anything_or_connect_before_the_first_call() {
    // given / when
    client();
    // then
    assertThat(server.requests).isEmpty();
  }

  @Test
  void should_open_in_its_warm_up_the_connection_its_first_call_uses_and_send_the_model_nothing()
      throws Exception {
    // given: a server that answers a HEAD as model servers do
    server.on(LoopbackServer.answeringHead((ex, r) -> replyChat(ex, "Hello there")));
    ModelClient c = client();

    // when: the warm-up, and its opening ended (the connection back in the client's pool: the
    // server has the HEAD before the client has read its answer)
    c.warmUp().get(10, TimeUnit.SECONDS);

    // then: a HEAD of the base URL, with no key in its headers or query
    assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
    assertThat(server.requests).hasSize(1);
    LoopbackServer.Recorded head = server.requests.get(0);
    assertThat(head.method()).isEqualTo("HEAD");
    assertThat(head.body()).isEmpty();
    assertThat(head.query()).isNull();
    assertThat(head.headers().values().toString()).doesNotContain(KEY);

    // when: the first call
    ModelOutput out = c.call(chatCall("say hello"), new CallControl(), null);

    // then: over the same connection
    assertThat(out.texts()).containsExactly("Hello there");
    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(1).method()).isEqualTo("POST");
    assertThat(server.requests.get(1).clientPort()).isEqualTo(head.clientPort());
  }

  SessionRouter routerWithBackup() {
    ModelSpec backupSpec =
        ModelSpec.builder("backup", ProviderKind.OPENAI_COMPATIBLE, "backup")
            .baseUrl("http://127.0.0.1:9/v1")
            .build();
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    models.put("primary", spec());
    models.put("backup", backupSpec);
    ModelSettings settings =
        new ModelSettings(
            models,
            Map.of("chat", List.of("primary", "backup")),
            Map.of(),
            Map.of(),
            HedgingSettings.OFF,
            BreakerSettings.DEFAULT,
            List.of());
    ModelClient backup =
        ModelClient.blocking(
            executor,
            (call, control, onPartial) -> {
              if (onPartial != null) {
                onPartial.accept("from backup");
              }
              return ModelOutput.of("from backup");
            });
    return ModelRouter.builder()
        .clientFactory(
            (spec, env) ->
                spec.name().equals("backup")
                    ? backup
                    : new LangChain4jClientFactory(executor).create(spec, env))
        .modelExecutor(executor)
        .scheduler(scheduler)
        .clock(Clock.systemUTC())
        .env(Map.of(KEY_ENV, KEY))
        .build()
        .session(() -> settings);
  }

  @Test
  void should_cancel_the_stream_when_the_request_is_cancelled() throws Exception {
    // given
    SessionRouter router = routerWithBackup();
    List<String> chunks = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch firstChunk = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread canceller =
        new Thread(
            () -> {
              try {
                firstChunk.await();
                cancelled.set(true);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    canceller.start();
    server.on(
        (ex, r) -> {
          OutputStream out = LoopbackServer.startStream(ex, streamContentType());
          LoopbackServer.write(out, streamStart());
          LoopbackServer.write(out, streamChunk("one"));
          server.stall(10_000);
          out.close();
        });
    long start = System.nanoTime();
    // when / then
    assertThatThrownBy(
            () ->
                router.stream(
                    ModelRequest.chat(Task.CHAT, List.of(ChatTurn.user("go"))),
                    () -> {
                      if (cancelled.get()) {
                        throw new java.util.concurrent.CancellationException("user");
                      }
                    },
                    c -> {
                      chunks.add(c);
                      firstChunk.countDown();
                    }))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
    assertThat(chunks).containsExactly("one");
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS))
        .as("model threads finished")
        .isTrue();
  }

  @Test
  void should_report_a_reachable_model_in_the_doctor() {
    // given
    server.on((ex, r) -> replyChat(ex, "OK"));
    // when
    String report = routerWithBackup().doctor(() -> {});
    // then
    assertThat(report).contains("| primary | " + provider().id() + " | test-model | ✓ reachable");
    assertThat(report).doesNotContain(KEY);
  }

  enum Fault {
    SERVER_ERROR(false, "SERVER_ERROR"),
    RATE_LIMITED(false, "RATE_LIMITED"),
    UNAUTHORIZED(false, "AUTHENTICATION"),
    MALFORMED_JSON(false, "MALFORMED_REPLY"),
    CONNECTION_RESET(false, "CONNECTION"),
    SLOW_FIRST_BYTE(false, "TIMEOUT"),
    SLOW_DRIP(true, "TIMEOUT"),
    TRUNCATED_STREAM(true, "MALFORMED_REPLY"),
    STREAM_SERVER_ERROR(true, "SERVER_ERROR");

    final boolean streaming;
    final String expectedKind;

    Fault(boolean streaming, String expectedKind) {
      this.streaming = streaming;
      this.expectedKind = expectedKind;
    }
  }

  void inject(Fault fault, HttpExchange ex) throws Exception {
    switch (fault) {
      case SERVER_ERROR, STREAM_SERVER_ERROR ->
          LoopbackServer.status(ex, 500, "{\"error\":\"boom\"}");
      case RATE_LIMITED -> {
        ex.getResponseHeaders().set("Retry-After", "30");
        LoopbackServer.status(ex, 429, "{\"error\":\"slow down\"}");
      }
      case UNAUTHORIZED -> LoopbackServer.status(ex, 401, "{\"error\":\"bad key " + KEY + "\"}");
      case MALFORMED_JSON -> LoopbackServer.json(ex, "{\"choices\": [ this is not json");
      case CONNECTION_RESET -> throw new java.io.IOException("drop the connection");
      case SLOW_FIRST_BYTE -> {
        server.stall(10_000);
        replyChat(ex, "too late");
      }
      case SLOW_DRIP -> stream(ex, List.of("a", "b", "c", "d", "e", "f", "g", "h"), true, 400);
      case TRUNCATED_STREAM -> stream(ex, List.of("half", " an"), false, 0);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void should_fall_back_within_the_deadline_without_blocking_threads_or_logging_the_key(Fault fault)
      throws Exception {
    // given
    server.on((ex, r) -> inject(fault, ex));
    SessionRouter router = routerWithBackup();
    ModelRequest request =
        ModelRequest.chat(Task.CHAT, List.of(ChatTurn.user("hi")))
            .withDeadline(Duration.ofMillis(1500));
    List<String> chunks = new ArrayList<>();
    long start = System.nanoTime();
    // when
    ModelReply reply =
        fault.streaming
            ? router.stream(request, () -> {}, chunks::add)
            : router.complete(request, () -> {});
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // then
    assertThat(reply.model()).isEqualTo("backup");
    assertThat(reply.text()).isEqualTo("from backup");
    assertThat(millis).isLessThan(1500);
    Map<String, Long> failures = router.stats().models().get("primary").failures();
    if (fault == Fault.TRUNCATED_STREAM) {
      assertThat(failures)
          .containsAnyOf(Map.entry("MALFORMED_REPLY", 1L), Map.entry("CONNECTION", 1L));
    } else {
      assertThat(failures).containsEntry(fault.expectedKind, 1L);
    }
    if (fault.streaming) {
      assertThat(chunks).endsWith("from backup");
    }
    if (fault == Fault.RATE_LIMITED) {
      assertThat(router.stats().models().get("primary").breaker())
          .as("Retry-After opens the circuit at once")
          .isEqualTo("OPEN");
    }
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS))
        .as("model threads finished")
        .isTrue();
    assertThat(logs.all()).doesNotContain(KEY);
    assertThat(JSON.writeValueAsString(router.stats())).doesNotContain(KEY);
  }
}

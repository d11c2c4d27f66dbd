package dev.codeloop.model.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.model.CallControl;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.FimRequest;
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
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import dev.codeloop.model.config.SettingsSource;
import dev.codeloop.model.http.RawFimClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact FIM request bodies per model family, asserted at a loopback server. */
class FimWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FimRequest FIM =
      new FimRequest(
          "src/Main.java",
          "java",
          "int add(int a, int b) {\n  return ",
          ";\n}\n",
          List.of(
              new FimRequest.ContextSnippet(
                  "src/Util.java", "static int two() {\n  return 2;\n}", 0.8)),
          false);
  private static final String PREFIX_WITH_CONTEXT =
      "// Path: src/Util.java\n// static int two() {\n//   return 2;\n// }\n" + FIM.prefix();

  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ModelClient client(ProviderKind provider, String modelId, String template, String base) {
    ModelSpec spec =
        ModelSpec.builder("fast", provider, modelId)
            .baseUrl(base)
            .fimTemplate(template)
            .temperature(0.2)
            .timeout(Duration.ofSeconds(5))
            .build();
    return new LangChain4jClientFactory(Runnable::run).create(spec, Map.of());
  }

  private JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void should_send_the_qwen_template_to_openai_compatible_completions() throws Exception {
    // given
    server.on(
        (ex, r) ->
            LoopbackServer.json(
                ex,
                "{\"choices\":[{\"index\":0,\"text\":\"a + b<|endoftext|>junk\"}],"
                    + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":4}}"));
    ModelClient client =
        client(ProviderKind.OPENAI_COMPATIBLE, "Qwen2.5-Coder-7B", "auto", server.base() + "/v1");
    // when
    ModelOutput out = client.call(ModelCall.fim(FIM, 64, 1), new CallControl(), null);
    // then
    assertThat(server.requests.get(0).path()).isEqualTo("/v1/completions");
    assertThat(server.requests.get(0).json())
        .isEqualTo(
            json(
                "{\"model\":\"Qwen2.5-Coder-7B\",\"prompt\":"
                    + JSON.writeValueAsString(
                        "<|fim_prefix|>"
                            + PREFIX_WITH_CONTEXT
                            + "<|fim_suffix|>"
                            + FIM.suffix()
                            + "<|fim_middle|>")
                    + ",\"max_tokens\":64,\"temperature\":0.2,\"stream\":false,"
                    + "\"stop\":[\"\\n\",\"<|endoftext|>\",\"<|fim_prefix|>\",\"<|fim_suffix|>\"]}"));
    assertThat(out.texts()).containsExactly("a + b");
    assertThat(out.usage()).isEqualTo(new ModelReply.TokenUsage(30, 4));
  }

  @Test
  void should_complete_every_fim_reply_on_the_http_clients_own_thread() throws Exception {
    // given: a loopback endpoint answering at once, and a client that has answered once
    server.on(
        (ex, r) ->
            LoopbackServer.json(
                ex,
                "{\"choices\":[{\"index\":0,\"text\":\"a + b\"}],"
                    + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"));
    ModelClient client =
        client(ProviderKind.OPENAI_COMPATIBLE, "Qwen2.5-Coder-7B", "auto", server.base() + "/v1");
    client.call(ModelCall.fim(FIM, 8, 1), new CallControl(), null);
    java.util.Set<Thread> completedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // when: 40 more completions, one after the other, each observed from before its reply
    for (int i = 0; i < 40; i++) {
      java.util.concurrent.CompletableFuture<ModelOutput> reply =
          client.callAsync(ModelCall.fim(FIM, 8, 1), new CallControl(), null);
      java.util.concurrent.CompletableFuture<Thread> on =
          reply.thenApply(out -> Thread.currentThread());
      assertThat(reply.get(10, java.util.concurrent.TimeUnit.SECONDS).texts())
          .containsExactly("a + b");
      Thread t = on.get(10, java.util.concurrent.TimeUnit.SECONDS);
      if (t != Thread.currentThread()) {
        completedOn.add(t);
      }
    }

    // then: all on one thread (the client's selector), not a thread per reply as the future of
    // the JDK's sendAsync does where the common pool has a single thread or none
    assertThat(completedOn).hasSizeLessThanOrEqualTo(1);
    assertThat(server.requests).hasSize(41);
  }

  @Test
  void should_open_in_its_warm_up_the_connection_its_first_completion_uses_and_send_nothing()
      throws Exception {
    // given: a server that answers a HEAD as model servers do
    server.on(
        LoopbackServer.answeringHead(
            (ex, r) ->
                LoopbackServer.json(
                    ex,
                    "{\"choices\":[{\"index\":0,\"text\":\"x + 1\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}")));
    ModelSpec spec =
        ModelSpec.builder("fast", ProviderKind.OPENAI_COMPATIBLE, "qwen2.5-coder-7b")
            .baseUrl(server.base() + "/v1")
            .fimTemplate("qwen")
            .apiKeyEnv("FIM_KEY")
            .build();
    ModelClient client =
        new LangChain4jClientFactory(Runnable::run)
            .create(spec, Map.of("FIM_KEY", "sk-fim-0123456789abcdef"));

    // when: the warm-up, and its opening ended (the connection back in the client's pool: the
    // server has the HEAD before the client has read its answer)
    client.warmUp().get(10, TimeUnit.SECONDS);

    // then: one HEAD of the endpoint, no key, no body
    assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
    assertThat(server.requests).hasSize(1);
    LoopbackServer.Recorded head = server.requests.get(0);
    assertThat(head.method()).isEqualTo("HEAD");
    assertThat(head.path()).isEqualTo("/v1/completions");
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().containsKey("Authorization")).isFalse();
    assertThat(head.headers().values().toString()).doesNotContain("sk-fim");

    // when: the first completion
    ModelOutput out = client.call(ModelCall.fim(FIM, 16, 1), new CallControl(), null);

    // then: answered over the same connection (the client's port)
    assertThat(out.texts()).containsExactly("x + 1");
    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(1).method()).isEqualTo("POST");
    assertThat(server.requests.get(1).path()).isEqualTo("/v1/completions");
    assertThat(server.requests.get(1).clientPort()).isEqualTo(head.clientPort());
  }

  @Test
  void should_end_its_warm_up_quietly_when_nothing_listens() throws Exception {
    // given: a port nothing listens on
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RawFimClient client =
        new RawFimClient(
            ModelSpec.builder("fast", ProviderKind.OPENAI_COMPATIBLE, "qwen2.5-coder-7b")
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .fimTemplate("qwen")
                .timeout(Duration.ofSeconds(2))
                .build(),
            null,
            Runnable::run);

    // when / then: the refused connection ends the warm-up, without an exception
    assertThat(client.warmUp().get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void should_refuse_a_fim_reply_larger_than_max_reply_bytes() throws Exception {
    // given: a valid 20 MB completion reply
    String huge = "{\"choices\":[{\"index\":0,\"text\":\"" + "a".repeat(20 * 1024 * 1024) + "\"}]}";
    server.on((ex, r) -> LoopbackServer.json(ex, huge));
    ModelClient client =
        client(ProviderKind.OPENAI_COMPATIBLE, "Qwen2.5-Coder-7B", "auto", server.base() + "/v1");
    // when / then
    assertThatThrownBy(() -> client.call(ModelCall.fim(FIM, 64, 1), new CallControl(), null))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_REPLY);
              assertThat(e.getMessage())
                  .contains("reply too large: 20,971,")
                  .contains("the limit is 1,048,576 bytes (models.fast.maxReplyBytes)");
            });
  }

  @Test
  void should_send_prompt_and_suffix_when_the_family_is_unknown() throws Exception {
    // given
    server.on((ex, r) -> LoopbackServer.json(ex, "{\"choices\":[{\"text\":\"a + b\"}]}"));
    ModelClient client =
        client(ProviderKind.OPENAI_COMPATIBLE, "my-model", "suffix", server.base() + "/v1");
    // when
    client.call(ModelCall.fim(FIM, 32, 2), new CallControl(), null);
    // then
    assertThat(server.requests.get(0).json())
        .isEqualTo(
            json(
                "{\"model\":\"my-model\",\"prompt\":"
                    + JSON.writeValueAsString(PREFIX_WITH_CONTEXT)
                    + ",\"suffix\":"
                    + JSON.writeValueAsString(FIM.suffix())
                    + ",\"max_tokens\":32,\"temperature\":0.2,\"n\":2,\"stream\":false,\"stop\":[\"\\n\"]}"));
  }

  @Test
  void should_send_a_raw_codellama_prompt_to_ollama_generate() throws Exception {
    // given
    server.on(
        (ex, r) ->
            LoopbackServer.json(
                ex,
                "{\"model\":\"codellama:7b-code\",\"response\":\"a + b <EOT>\",\"done\":true,"
                    + "\"prompt_eval_count\":12,\"eval_count\":3}"));
    ModelClient client = client(ProviderKind.OLLAMA, "codellama:7b-code", "auto", server.base());
    // when
    ModelOutput out = client.call(ModelCall.fim(FIM, 48, 1), new CallControl(), null);
    // then
    assertThat(server.requests.get(0).path()).isEqualTo("/api/generate");
    assertThat(server.requests.get(0).json())
        .isEqualTo(
            json(
                "{\"model\":\"codellama:7b-code\",\"prompt\":"
                    + JSON.writeValueAsString(
                        "<PRE> " + PREFIX_WITH_CONTEXT + " <SUF>" + FIM.suffix() + " <MID>")
                    + ",\"raw\":true,\"stream\":false,\"options\":{\"num_predict\":48,\"temperature\":0.2,"
                    + "\"stop\":[\"\\n\",\"<EOT>\",\"<PRE>\",\"<SUF>\",\"<MID>\"]}}"));
    assertThat(out.texts()).containsExactly("a + b ");
  }

  @Test
  void should_send_prompt_and_suffix_to_ollama_generate_in_suffix_mode() throws Exception {
    // given
    server.on((ex, r) -> LoopbackServer.json(ex, "{\"response\":\"a + b\",\"done\":true}"));
    ModelClient client = client(ProviderKind.OLLAMA, "qwen2.5-coder:7b", "suffix", server.base());
    // when
    client.call(ModelCall.fim(FIM, 48, 1), new CallControl(), null);
    // then
    assertThat(server.requests.get(0).json())
        .isEqualTo(
            json(
                "{\"model\":\"qwen2.5-coder:7b\",\"prompt\":"
                    + JSON.writeValueAsString(PREFIX_WITH_CONTEXT)
                    + ",\"suffix\":"
                    + JSON.writeValueAsString(FIM.suffix())
                    + ",\"stream\":false,\"options\":{\"num_predict\":48,\"temperature\":0.2,\"stop\":[\"\\n\"]}}"));
  }

  @Test
  void should_use_the_deepseek_starcoder_and_codestral_tokens() throws Exception {
    // given
    server.on((ex, r) -> LoopbackServer.json(ex, "{\"choices\":[{\"text\":\"x\"}]}"));
    // when
    client(
            ProviderKind.OPENAI_COMPATIBLE,
            "deepseek-coder-6.7b-base",
            "auto",
            server.base() + "/v1")
        .call(ModelCall.fim(FIM, 8, 1), new CallControl(), null);
    client(ProviderKind.OPENAI_COMPATIBLE, "bigcode/starcoder2-3b", "auto", server.base() + "/v1")
        .call(ModelCall.fim(FIM, 8, 1), new CallControl(), null);
    client(ProviderKind.OPENAI_COMPATIBLE, "codestral-22b", "auto", server.base() + "/v1")
        .call(ModelCall.fim(FIM, 8, 1), new CallControl(), null);
    // then
    assertThat(server.requests.get(0).json().path("prompt").asText())
        .isEqualTo(
            "<｜fim▁begin｜>" + PREFIX_WITH_CONTEXT + "<｜fim▁hole｜>" + FIM.suffix() + "<｜fim▁end｜>");
    assertThat(server.requests.get(1).json().path("prompt").asText())
        .isEqualTo(
            "<fim_prefix>" + PREFIX_WITH_CONTEXT + "<fim_suffix>" + FIM.suffix() + "<fim_middle>");
    assertThat(server.requests.get(2).json().path("prompt").asText())
        .isEqualTo("[SUFFIX]" + FIM.suffix() + "[PREFIX]" + PREFIX_WITH_CONTEXT);
  }

  @Test
  void should_send_the_bearer_key_and_honour_retry_after() {
    // given
    server.on(
        (ex, r) -> {
          ex.getResponseHeaders().set("Retry-After", "42");
          LoopbackServer.status(ex, 429, "{\"error\":\"slow down\"}");
        });
    ModelSpec spec =
        ModelSpec.builder("fast", ProviderKind.OPENAI_COMPATIBLE, "qwen2.5-coder")
            .baseUrl(server.base() + "/v1")
            .apiKeyEnv("FIM_KEY")
            .build();
    ModelClient client =
        new LangChain4jClientFactory(Runnable::run)
            .create(spec, Map.of("FIM_KEY", "sk-fim-0123456789abcdef"));
    // when / then
    assertThatThrownBy(() -> client.call(ModelCall.fim(FIM, 8, 1), new CallControl(), null))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
              assertThat(e.getMessage()).doesNotContain("sk-fim");
            });
    assertThat(server.requests.get(0).headers().getFirst("Authorization"))
        .isEqualTo("Bearer sk-fim-0123456789abcdef");
  }

  @Test
  void should_report_malformed_completion_replies() {
    // given
    server.on((ex, r) -> LoopbackServer.json(ex, "{\"choices\": 12}"));
    ModelClient client =
        client(ProviderKind.OPENAI_COMPATIBLE, "qwen-coder", "auto", server.base() + "/v1");
    // when / then
    assertThatThrownBy(() -> client.call(ModelCall.fim(FIM, 8, 1), new CallControl(), null))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_REPLY));
  }

  @Test
  void should_ask_a_chat_model_with_a_hole_marker_and_extract_the_code() throws Exception {
    // given
    server.on(
        (ex, r) ->
            LoopbackServer.json(
                ex,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":"
                    + JSON.writeValueAsString("Here you go:\n```java\n  return a + b;\n```")
                    + "},\"finish_reason\":\"stop\"}]}"));
    ModelSpec spec =
        ModelSpec.builder("chatty", ProviderKind.OPENAI, "gpt-4.1")
            .baseUrl(server.base() + "/v1")
            .apiKeyEnv("K")
            .build();
    ModelClient client =
        new LangChain4jClientFactory(Runnable::run)
            .create(spec, Map.of("K", "sk-abcdefghijklmnop"));
    // when
    ModelOutput out = client.call(ModelCall.fim(FIM, 64, 1), new CallControl(), null);
    // then
    assertThat(server.requests.get(0).path()).isEqualTo("/v1/chat/completions");
    JsonNode messages = server.requests.get(0).json().path("messages");
    assertThat(messages.get(1).path("content").asText())
        .contains(FIM.prefix() + "<CURSOR>" + FIM.suffix());
    assertThat(messages.get(1).path("content").asText()).contains("// Path: src/Util.java");
    assertThat(out.texts())
        .containsExactly("a + b"); // echoed "return" and the ";" of the suffix removed
  }

  @Test
  void should_open_the_circuit_for_the_retry_after_time_through_the_router() throws Exception {
    // given
    server.on(
        (ex, r) -> {
          ex.getResponseHeaders().set("Retry-After", "120");
          LoopbackServer.status(ex, 429, "{}");
        });
    ModelSettings settings =
        ModelSettings.parse(
            JSON.readTree(
                "{\"models\":{\"fast\":{\"provider\":\"openai-compatible\",\"baseUrl\":\""
                    + server.base()
                    + "/v1\",\"model\":\"qwen2.5-coder\"}},\"routes\":{\"completion\":[\"fast\",\"embedded\"]}}"),
            SettingsSource.USER,
            Map.of());
    ExecutorService executor = Executors.newFixedThreadPool(2);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      SessionRouter router =
          new ModelRouter(
                  new LangChain4jClientFactory(executor),
                  executor,
                  scheduler,
                  java.time.Clock.systemUTC(),
                  (fim, n, cancel) -> List.of("local"),
                  Map.of())
              .session(() -> settings);
      // when
      ModelReply first = router.complete(ModelRequest.fim(Task.COMPLETION, FIM), () -> {});
      ModelReply second = router.complete(ModelRequest.fim(Task.COMPLETION, FIM), () -> {});
      // then
      assertThat(first.model()).isEqualTo("embedded");
      assertThat(second.model()).isEqualTo("embedded");
      assertThat(server.requests).hasSize(1);
      assertThat(router.stats().models().get("fast").breaker()).isEqualTo("OPEN");
    } finally {
      executor.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  @Test
  void should_not_use_chat_turns_for_fim() {
    // given / then: the helper is the same one the router uses
    assertThat(
            LangChain4jModelClient.toMessages(
                List.of(ChatTurn.system("s"), ChatTurn.user("u"), ChatTurn.assistant("a"))))
        .hasSize(3);
  }

  enum FimFault {
    SERVER_ERROR("SERVER_ERROR"),
    UNAUTHORIZED("AUTHENTICATION"),
    MALFORMED_JSON("MALFORMED_REPLY"),
    CONNECTION_RESET("CONNECTION"),
    SLOW_FIRST_BYTE("TIMEOUT");

    final String kind;

    FimFault(String kind) {
      this.kind = kind;
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(FimFault.class)
  void should_fall_back_to_the_embedded_model_when_the_fim_endpoint_fails(FimFault fault)
      throws Exception {
    // given
    server.on(
        (ex, r) -> {
          switch (fault) {
            case SERVER_ERROR -> LoopbackServer.status(ex, 503, "{}");
            case UNAUTHORIZED -> LoopbackServer.status(ex, 401, "{}");
            case MALFORMED_JSON -> LoopbackServer.json(ex, "{\"choices\": [{\"text\": ");
            case CONNECTION_RESET -> throw new java.io.IOException("drop");
            case SLOW_FIRST_BYTE -> {
              server.stall(10_000);
              LoopbackServer.json(ex, "{\"choices\":[{\"text\":\"late\"}]}");
            }
          }
        });
    ModelSettings settings =
        ModelSettings.parse(
            JSON.readTree(
                "{\"models\":{\"fast\":{\"provider\":\"openai-compatible\",\"baseUrl\":\""
                    + server.base()
                    + "/v1\",\"model\":\"qwen2.5-coder\"}},\"routes\":{\"completion\":[\"fast\",\"embedded\"]},"
                    + "\"deadlines\":{\"completion\":900}}"),
            SettingsSource.USER,
            Map.of());
    ExecutorService executor = Executors.newFixedThreadPool(2);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      SessionRouter router =
          ModelRouter.builder()
              .clientFactory(new LangChain4jClientFactory(executor))
              .modelExecutor(executor)
              .scheduler(scheduler)
              .embedded((fim, n, cancel) -> List.of("local"))
              .build()
              .session(() -> settings);
      long start = System.nanoTime();
      // when
      ModelReply reply = router.complete(ModelRequest.fim(Task.COMPLETION, FIM), () -> {});
      // then
      assertThat(reply.model()).isEqualTo("embedded");
      // it did not wait for the stalled reply (10 s): the 900 ms deadline cut the call (a bound
      // with margin for a loaded machine, not a speed target)
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
      assertThat(router.stats().models().get("fast").failures()).containsEntry(fault.kind, 1L);
      executor.shutdown();
      assertThat(executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      executor.shutdownNow();
      scheduler.shutdownNow();
    }
  }
}

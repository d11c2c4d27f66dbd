package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.CompletionTicket;
import dev.codeloop.completion.Debouncing;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.RecentDocuments;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.RequestRunner;
import dev.codeloop.model.ModelClient;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelOutput;
import dev.codeloop.model.ModelRouter;
import dev.codeloop.model.OllamaProbe;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.SettingsSource;
import dev.codeloop.settings.ServerSettings.CompletionSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A completion whose model never answers ends at the router's completion deadline with an empty
 * result, and holds no request thread meanwhile: fifty of them on a two-thread request pool all end
 * by their deadline (waiting on threads, they would take 25 deadlines).
 */
class HungCompletionDeadlineTest {
  private static final Path ROOT = Path.of("/ws").toAbsolutePath();
  private static final Duration DEADLINE = Duration.ofMillis(1500);
  private static final int REQUESTS = 50;

  private final ServerExecutors executors = new ServerExecutors(2, 2, 1);
  private final AtomicInteger modelCalls = new AtomicInteger();
  private final AtomicInteger modelCallsCancelled = new AtomicInteger();

  @AfterEach
  void stop() {
    executors.close();
  }

  @Test
  void should_end_hung_completions_at_their_deadline_without_holding_request_threads()
      throws Exception {
    // given: a model that never answers behind the real router, fifty open documents
    DocumentStore documents = new DocumentStore();
    InlineCompletionHandler handler = new InlineCompletionHandler(engine(documents, hungRouter()));
    RequestRunner requests = new RequestRunner(executors.requests());
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String uri = ROOT.resolve("src/C" + i + ".java").toUri().toString();
      documents.open(uri, "java", 1, "class C" + i + " {\n  int x = \n}\n");
      uris.add(uri);
    }

    // when: fifty automatic inline completions at once (each debounced, then sent to the model)
    long start = System.nanoTime();
    List<CompletableFuture<Either<List<InlineCompletionItem>, InlineCompletionList>>> results =
        new ArrayList<>();
    for (String uri : uris) {
      InlineCompletionParams params =
          new InlineCompletionParams(
              new TextDocumentIdentifier(uri),
              new Position(1, 10),
              new InlineCompletionContext(InlineCompletionTriggerKind.Automatic));
      CompletionTicket ticket = handler.begin(params);
      results.add(
          requests.runAsync(
              "textDocument/inlineCompletion", c -> handler.complete(params, ticket, c)));
    }

    // then: all fifty reach the model together, and the request pool stays free meanwhile
    awaitModelCalls(REQUESTS);
    long probeStart = System.nanoTime();
    assertThat(executors.requests().submit(() -> "free").get(1, TimeUnit.SECONDS))
        .isEqualTo("free");
    assertThat(Duration.ofNanos(System.nanoTime() - probeStart)).isLessThan(Duration.ofMillis(500));
    assertThat(results).noneMatch(CompletableFuture::isDone);

    // then: each ends empty at the deadline (with slack for a loaded machine, far below the 25
    // deadlines that threads waiting two at a time would need), the model calls cancelled
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    Duration all = Duration.ofNanos(System.nanoTime() - start);
    assertThat(all).isLessThan(DEADLINE.plusMillis(2000));
    assertThat(all).isGreaterThanOrEqualTo(DEADLINE);
    for (var r : results) {
      assertThat(r.join().getRight().getItems()).isEmpty();
    }
    awaitCancelled(REQUESTS);
  }

  private ModelGateway hungRouter() throws Exception {
    ModelSettings settings =
        ModelSettings.parse(
            new ObjectMapper()
                .readTree(
                    """
                    { "models": { "slow": { "provider": "openai-compatible",
                                            "baseUrl": "http://127.0.0.1:1/v1",
                                            "model": "qwen2.5-coder-7b" } },
                      "routes": { "completion": ["slow"] },
                      "deadlines": { "completion": %d } }
                    """
                        .formatted(DEADLINE.toMillis())),
            SettingsSource.USER,
            Map.of());
    ModelClient hung =
        (call, control, onPartial) -> {
          modelCalls.incrementAndGet();
          CompletableFuture<ModelOutput> never = new CompletableFuture<>();
          never.whenComplete(
              (r, t) -> {
                if (never.isCancelled()) {
                  modelCallsCancelled.incrementAndGet();
                }
              });
          return never;
        };
    return ModelRouter.builder()
        .clientFactory((spec, env) -> hung)
        .modelExecutor(executors.modelIo())
        .scheduler(executors.scheduler())
        .clock(Clock.systemUTC())
        .env(Map.of())
        .ollamaProbe(OllamaProbe.NONE, "http://127.0.0.1:9")
        .build()
        .session(() -> settings);
  }

  private CompletionEngine engine(DocumentStore documents, ModelGateway models) {
    CompletionSettings settings =
        new CompletionSettings(CompletionStyle.AUTO, 30, 3, 512, 12, 6000, true);
    PrivacyFilter privacy =
        new PrivacyFilter(() -> List.of(ROOT), () -> new PrivacySettings(List.of(), true));
    RecentDocuments recent = new RecentDocuments(16);
    documents.addListener(recent);
    return new CompletionEngine(
        documents,
        privacy,
        new ContextBuilder(documents, recent, privacy, () -> settings),
        new PostProcessor(),
        new CompletionCache(() -> 512),
        new Debouncing(),
        new AcceptanceStats(),
        models,
        executors.scheduler(),
        executors.requests(),
        () -> settings);
  }

  private void awaitModelCalls(int n) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos() * 2 / 3;
    while (modelCalls.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(modelCalls.get()).as("model calls in flight together").isEqualTo(n);
  }

  private void awaitCancelled(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (modelCallsCancelled.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(modelCallsCancelled.get()).as("hung model calls cancelled").isEqualTo(n);
  }
}

package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that never answers must not stall the server: model requests (asks, completions) hold no
 * request thread (the harness has two), so other requests are answered while they hang.
 */
class HungModelServerTest {
  @TempDir Path root;
  private ServerHarness h;
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    // the session ends first (its requests are cancelled), then the model is let go: nothing it
    // answers afterwards may still write into the test's folder
    if (h != null) {
      h.close();
    }
    never.countDown();
  }

  @Test
  void should_abandon_hung_asks_when_the_session_ends() throws Exception {
    // given: two asks waiting on a model that does not answer
    h = ServerHarness.start(root, new ServerHarness.Caps());
    h.models.blockOn(never).reply("the answer nobody reads");
    for (int i = 0; i < 2; i++) {
      h.server
          .getWorkspaceService()
          .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("question " + i)));
    }
    assertThat(h.models.awaitCall(5_000)).isTrue();

    // when: the editor goes away, then the model answers
    h.close();
    h = null;
    never.countDown();
    Thread.sleep(500);

    // then: no answer document was written for a session that is gone
    java.nio.file.Path answers = root.resolve("answers");
    if (java.nio.file.Files.exists(answers)) {
      try (var files = java.nio.file.Files.list(answers)) {
        assertThat(files.toList()).isEmpty();
      }
    }
  }

  @Test
  void should_answer_code_actions_and_commands_when_six_asks_hang_on_the_model() throws Exception {
    // given
    h = ServerHarness.start(root, new ServerHarness.Caps());
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", "class A {\n  int f() { return 1; }\n}\n");
    h.models.blockOn(never).reply("never sent");
    List<CompletableFuture<Object>> asks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      asks.add(
          h.server
              .getWorkspaceService()
              .executeCommand(new ExecuteCommandParams("codeloop.ask", List.of("question " + i))));
    }
    assertThat(h.models.awaitCall(5_000)).isTrue();

    // when
    var actions =
        h.server
            .getTextDocumentService()
            .codeAction(
                new CodeActionParams(
                    new TextDocumentIdentifier(uri),
                    new Range(new Position(1, 2), new Position(1, 5)),
                    new CodeActionContext(List.of())))
            .get(5, TimeUnit.SECONDS);
    Object stats =
        h.server
            .getWorkspaceService()
            .executeCommand(new ExecuteCommandParams("codeloop.completionStats", List.of()))
            .get(5, TimeUnit.SECONDS);

    // then
    assertThat(actions).isNotEmpty();
    assertThat(stats).isNotNull();
    assertThat(asks).noneMatch(CompletableFuture::isDone);
    asks.forEach(a -> a.cancel(true));
  }

  @Test
  void should_answer_code_actions_when_six_inline_completions_hang_on_the_model() throws Exception {
    // given: six documents, each with an invoked inline completion the model never answers
    h = ServerHarness.start(root, new ServerHarness.Caps());
    h.models.blockOn(never).reply("never sent");
    List<CompletableFuture<?>> completions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String doc = h.uri("src/C" + i + ".java");
      h.client.open(doc, "java", "class C" + i + " {\n  int x = \n}\n");
      completions.add(
          h.server
              .getTextDocumentService()
              .inlineCompletion(
                  new InlineCompletionParams(
                      new TextDocumentIdentifier(doc),
                      new Position(1, 10),
                      new InlineCompletionContext(InlineCompletionTriggerKind.Invoked))));
    }
    awaitCompletionCalls(6);
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", "class A {\n  int f() { return 1; }\n}\n");

    // when
    long start = System.nanoTime();
    var actions =
        h.server
            .getTextDocumentService()
            .codeAction(
                new CodeActionParams(
                    new TextDocumentIdentifier(uri),
                    new Range(new Position(1, 2), new Position(1, 5)),
                    new CodeActionContext(List.of())))
            .get(5, TimeUnit.SECONDS);

    // then: answered while all six completions still wait for the model
    assertThat(actions).isNotEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(completions).noneMatch(CompletableFuture::isDone);
    completions.forEach(c -> c.cancel(true));
  }

  /** Waits until the model has been asked for {@code n} completions (all in flight at once). */
  private void awaitCompletionCalls(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (completionCalls() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(completionCalls()).as("completion calls in flight").isEqualTo(n);
  }

  private long completionCalls() {
    return h.models.requests().stream().filter(r -> r.task() == Task.COMPLETION).count();
  }
}

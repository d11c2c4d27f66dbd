package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.concurrent.ServerExecutors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of requests beyond what the request pool can queue, while its only thread is busy (a cold
 * server under many editors): requests that the editor cancelled or that a newer completion
 * superseded must not hold a place in the queue, superseded completions are answered at once, and
 * nothing is refused as "overloaded".
 */
class RequestQueueServerTest {
  private static final String FILE = "src/Main.java";
  private static final int QUEUE = 4;

  @TempDir Path root;
  private CompletionServerHarness harness;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() throws Exception {
    release.countDown();
    if (harness != null) {
      harness.close();
    }
  }

  /** One request thread, a queue of four, and that thread kept busy until {@link #release}. */
  private ServerExecutors busyPool() throws Exception {
    ServerExecutors executors = new ServerExecutors(1, QUEUE, 2, 1, 1);
    CountDownLatch busy = new CountDownLatch(1);
    harness = new CompletionServerHarness(root, true, null, executors);
    harness.model.reply("o(1);");
    harness.open(FILE, "java", "int x = fo");
    executors
        .requests()
        .execute(
            () -> {
              busy.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    return executors;
  }

  private CompletableFuture<List<InlineCompletionItem>> invokedInline(int character) {
    return harness
        .server
        .getTextDocumentService()
        .inlineCompletion(
            new InlineCompletionParams(
                new TextDocumentIdentifier(harness.uri(FILE)),
                new Position(0, character),
                new InlineCompletionContext(InlineCompletionTriggerKind.Invoked)))
        .thenApply(e -> e.isLeft() ? e.getLeft() : e.getRight().getItems());
  }

  private CompletableFuture<?> codeAction() {
    Position p = new Position(0, 3);
    return harness
        .server
        .getTextDocumentService()
        .codeAction(
            new CodeActionParams(
                new TextDocumentIdentifier(harness.uri(FILE)),
                new Range(p, p),
                new CodeActionContext(List.of())));
  }

  @Test
  void should_answer_superseded_completions_at_once_and_never_refuse_the_newest() throws Exception {
    // given: the only request thread busy, room for four waiting requests
    busyPool();

    // when: the user types on and the editor asks for a completion after each key, five times
    // as many as the queue holds
    List<CompletableFuture<List<InlineCompletionItem>>> asked = new ArrayList<>();
    String typed = "int x = fo";
    for (int i = 0; i < QUEUE * 5; i++) {
      if (i > 0) {
        harness.insert(FILE, i + 1, 0, typed.length(), "o");
        typed += "o";
      }
      asked.add(invokedInline(typed.length()));
    }

    // then: every superseded one is answered, empty, while the thread is still busy
    for (int i = 0; i < asked.size() - 1; i++) {
      assertThat(asked.get(i).get(10, TimeUnit.SECONDS)).as("request %d", i).isEmpty();
    }
    assertThat(asked.get(asked.size() - 1)).isNotDone();
    // and: once the thread is free, the newest is served (not refused as overloaded)
    release.countDown();
    List<InlineCompletionItem> newest = asked.get(asked.size() - 1).get(10, TimeUnit.SECONDS);
    assertThat(newest).extracting(item -> item.getInsertText().getLeft()).containsExactly("o(1);");
  }

  @Test
  void should_make_room_for_new_requests_by_dropping_those_the_editor_cancelled() throws Exception {
    // given: the only request thread busy, room for four waiting requests
    busyPool();

    // when: the editor sends twice as many code action requests as the queue holds and cancels
    // each, then asks for nearly as many as it holds again (one place left for the session's own
    // work)
    for (int i = 0; i < QUEUE * 2; i++) {
      CompletableFuture<?> cancelled = codeAction();
      cancelled.cancel(true);
    }
    List<CompletableFuture<?>> wanted = new ArrayList<>();
    for (int i = 0; i < QUEUE - 1; i++) {
      wanted.add(codeAction());
    }
    dispatched();
    release.countDown();

    // then: every request still wanted is answered with its result, none refused as overloaded
    for (CompletableFuture<?> f : wanted) {
      assertThat(answer(f)).isInstanceOf(List.class);
    }
  }

  @Test
  void should_still_refuse_when_the_queue_is_full_of_requests_that_are_all_wanted()
      throws Exception {
    // given: the only request thread busy
    busyPool();

    // when: more requests arrive than the queue holds, none cancelled
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < QUEUE + 2; i++) {
      sent.add(codeAction());
    }

    // then: the queue stays bounded: the last one is refused at once with the overload error
    // (while the thread is still busy), and so is at least one more
    assertThat(answer(sent.get(sent.size() - 1))).asString().contains("Server is overloaded");
    release.countDown();
    List<Object> answers = new ArrayList<>();
    for (CompletableFuture<?> f : sent) {
      answers.add(answer(f));
    }
    assertThat(answers)
        .filteredOn(a -> String.valueOf(a).contains("Server is overloaded"))
        .hasSizeGreaterThanOrEqualTo(2);
    // and: the others are answered
    assertThat(answers)
        .allMatch(a -> a instanceof List || String.valueOf(a).contains("Server is overloaded"));
  }

  /**
   * Returns once the server has dispatched everything sent so far, without a request thread: a
   * completion that the next edit supersedes is answered by the dispatch thread, in message order.
   */
  private void dispatched() throws Exception {
    CompletableFuture<List<InlineCompletionItem>> probe = invokedInline(3);
    harness.insert(FILE, 100, 0, 0, " ");
    assertThat(probe.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  /** The result, or the message of the error the server answered with. */
  private static Object answer(CompletableFuture<?> f) throws Exception {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause().getMessage());
    }
  }
}

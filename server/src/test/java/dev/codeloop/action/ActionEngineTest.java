package dev.codeloop.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.action.refactor.RefactorProvider;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextChange;
import dev.codeloop.errors.CodeloopException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActionEngineTest {
  private final DocumentStore store = new DocumentStore();
  private final FakeModelGateway models = new FakeModelGateway();
  private final ActionEngine engine =
      new ActionEngine(
          new ActionRegistry(
              List.of(
                  new RefactorProvider(
                      new CodeRewriter(
                          new ModelPrompter(models), new ReplyParser(new ObjectMapper()))))),
          store,
          new StoreProjectFiles(store, List::of),
          models,
          dev.codeloop.workspace.privacy.PrivacyFilter.secretFilesOnly());

  private ActionData data(int version) {
    return new ActionData(
        ActionData.SCHEMA_VERSION,
        "refactor",
        "refactor",
        "file:///a.java",
        version,
        TextRange.of(0, 0, 0, 0),
        Map.of());
  }

  @Test
  void should_report_content_modified_when_the_document_moved_on_before_resolve() {
    // given
    store.open("file:///a.java", "java", 1, "int a;");
    store.change("file:///a.java", 2, List.of(TextChange.full("int b;")));

    // when / then
    assertThatThrownBy(() -> engine.resolve(data(1), () -> {}))
        .isInstanceOf(CodeloopException.class)
        .satisfies(
            e ->
                assertThat(((CodeloopException) e).kind())
                    .isEqualTo(CodeloopException.Kind.CONTENT_MODIFIED));
    assertThat(models.requests()).isEmpty();
  }

  @Test
  void should_cancel_the_model_call_and_report_content_modified_when_the_user_types()
      throws Exception {
    // given
    store.open("file:///a.java", "java", 1, "int a;");
    CountDownLatch never = new CountDownLatch(1);
    models.blockOn(never).reply("```java\nint b;\n```");
    CompletableFuture<ActionResult> running =
        CompletableFuture.supplyAsync(() -> engine.resolve(data(1), () -> {}));
    assertThat(models.awaitCall(5000)).isTrue();

    // when
    store.change("file:///a.java", 2, List.of(TextChange.full("int a; // typed")));

    // then
    assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(CodeloopException.class)
        .hasMessageContaining("changed since the action was offered");
  }

  @Test
  void should_still_deliver_an_explanation_when_the_user_types_meanwhile() throws Exception {
    // given
    store.open("file:///a.java", "java", 1, "int a;");
    CountDownLatch gate = new CountDownLatch(1);
    FakeModelGateway slow = new FakeModelGateway().blockOn(gate).reply("It declares a.");
    ActionEngine explaining =
        new ActionEngine(
            new ActionRegistry(
                List.of(
                    new dev.codeloop.action.explain.ExplainProvider(
                        new CodeRewriter(
                            new ModelPrompter(slow), new ReplyParser(new ObjectMapper()))))),
            store,
            new StoreProjectFiles(store, List::of),
            slow,
            dev.codeloop.workspace.privacy.PrivacyFilter.secretFilesOnly());
    ActionData explain =
        new ActionData(
            ActionData.SCHEMA_VERSION,
            "explain",
            "explain",
            "file:///a.java",
            1,
            TextRange.of(0, 0, 0, 0),
            Map.of());
    CompletableFuture<ActionResult> running =
        CompletableFuture.supplyAsync(() -> explaining.resolve(explain, () -> {}));
    assertThat(slow.awaitCall(5000)).isTrue();

    // when
    store.change("file:///a.java", 2, List.of(TextChange.full("int a; // typed")));
    gate.countDown();

    // then
    assertThat(running.get(5, TimeUnit.SECONDS)).isInstanceOf(ActionResult.Answer.class);
  }

  @Test
  void should_propagate_request_cancellation_as_cancellation() {
    // given
    store.open("file:///a.java", "java", 1, "int a;");
    models.reply("```java\nint b;\n```");

    // when / then
    assertThatThrownBy(
            () ->
                engine.resolve(
                    data(1),
                    new org.eclipse.lsp4j.jsonrpc.CancelChecker() {
                      @Override
                      public void checkCanceled() {
                        throw new CancellationException("request cancelled");
                      }

                      @Override
                      public boolean isCanceled() {
                        return true;
                      }
                    }))
        .isInstanceOf(CancellationException.class);
  }
}

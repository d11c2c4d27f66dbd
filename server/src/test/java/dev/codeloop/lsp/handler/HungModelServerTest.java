package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that never answers must not stall the server: model requests hold no request thread (the
 * harness has two), so other requests are answered while they hang.
 */
class HungModelServerTest {
  @TempDir Path root;
  private ServerHarness h;
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    never.countDown();
    if (h != null) {
      h.close();
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
}

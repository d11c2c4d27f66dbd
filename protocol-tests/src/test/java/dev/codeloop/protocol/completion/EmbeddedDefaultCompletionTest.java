package dev.codeloop.protocol.completion;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.protocol.RecordingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh server with no settings and no API keys in its environment answers from the built-in
 * model, which learns the fixture workspace in the background after {@code initialized}. The tests
 * wait for that learning to end (reported through {@code $/progress}) and for the open document to
 * be learned, then ask once: no polling for the first non-empty answer, which raced the indexer.
 */
@Timeout(60)
class EmbeddedDefaultCompletionTest {
  private static final Duration LEARNING = Duration.ofSeconds(30);

  @TempDir Path xdg;
  @TempDir Path workspace;
  private CompletionSession session;

  @BeforeEach
  void copyFixtureWorkspace() throws Exception {
    Path fixture =
        Path.of(EmbeddedDefaultCompletionTest.class.getResource("/completion/workspace").toURI());
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = workspace.resolve(fixture.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          // files checked out before the editor started: their saved version is stable
          Files.setLastModifiedTime(
              target,
              java.nio.file.attribute.FileTime.from(
                  java.time.Instant.now().minus(Duration.ofHours(1))));
        }
      }
    }
  }

  @AfterEach
  void tearDown() {
    if (session != null) {
      session.close();
    }
  }

  private String uri(String relative) {
    return workspace.resolve(relative).toUri().toString();
  }

  /** {@code %s} is the line with the cursor at its end (line 6). */
  private static final String SHOP =
      """
      package shop;

      import java.util.List;

      public class Shop {
        void restock(List<Item> inventory, StringBuilder builder) {
      %s
        }
      }
      """;

  /**
   * Starts the server (the client announces work-done progress), waits until the built-in model has
   * learned the fixture workspace (the server's {@code $/progress} for it ends), opens Shop.java
   * and waits until the model has learned that document too: from then on the model's state no
   * longer changes, so one request has one answer.
   */
  private String startLearnedAndType(boolean inline, String line) throws Exception {
    session = CompletionSession.start(xdg, null, inline, workspace.toUri().toString(), true);
    String learned = session.lsp.client.awaitProgressEnd(RecordingClient.LEARNING_TITLE, LEARNING);
    // the workspace's three files (and, on a machine with the JDK's sources, its library's)
    assertThat(learned)
        .as("stderr: %s", session.process.stderr())
        .matches("3 files learned( \\(and \\d+ of the standard library\\))?");
    String uri = uri("src/main/java/shop/Shop.java");
    session.open(uri, SHOP.formatted(""));
    session.awaitEmbeddedDocuments(4, LEARNING);
    session.change(uri, SHOP.formatted(line));
    return uri;
  }

  @Test
  void should_answer_inline_completion_from_the_workspace_with_no_settings_and_no_api_keys()
      throws Exception {
    // given
    String uri = startLearnedAndType(true, "    inventory.");
    Position afterDot = new Position(6, 14);

    // when
    List<InlineCompletionItem> items =
        session.inline(uri, afterDot, InlineCompletionTriggerKind.Invoked);

    // then
    assertThat(session.initializeResult.getCapabilities().getInlineCompletionProvider())
        .isNotNull();
    assertThat(items).as("stderr: %s", session.process.stderr()).isNotEmpty();
    // the workspace's method first; what follows it depends on how far the beam search got in its
    // latency budget (8 ms; on a loaded machine it stops sooner and keeps a longer beginning)
    assertThat(LoopbackModelCompletionTest.text(items.get(0))).matches("add(\\W.*)?");
    assertEmbeddedWasCalled();
  }

  @Test
  void should_answer_list_completion_from_the_workspace_with_no_settings_and_no_api_keys()
      throws Exception {
    // given
    String uri = startLearnedAndType(false, "    builder.app");
    Position afterApp = new Position(6, 15);

    // when
    CompletionList list = session.complete(uri, afterApp, CompletionTriggerKind.Invoked);

    // then
    assertThat(session.initializeResult.getCapabilities().getInlineCompletionProvider()).isNull();
    assertThat(session.initializeResult.getCapabilities().getCompletionProvider()).isNotNull();
    assertThat(list.getItems()).as("stderr: %s", session.process.stderr()).isNotEmpty();
    CompletionItem first = list.getItems().get(0);
    assertThat(LoopbackModelCompletionTest.newText(first)).isEqualTo("append");
    assertThat(first.getDetail()).startsWith("Codeloop");
    assertEmbeddedWasCalled();
  }

  private void assertEmbeddedWasCalled() throws Exception {
    JsonObject stats = session.stats();
    JsonObject models = stats.getAsJsonObject("models");
    assertThat(models.keySet()).as("stats %s", stats).containsExactly("embedded");
    assertThat(models.getAsJsonObject("embedded").get("calls").getAsLong()).isGreaterThan(0);
    assertThat(models.getAsJsonObject("embedded").get("successes").getAsLong()).isGreaterThan(0);
  }
}

package dev.codeloop.protocol.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first completion of a cold server: an invoked {@code textDocument/inlineCompletion} sent
 * right after {@code didOpen} (nothing warmed up yet) reaches the model and is answered with its
 * item, on every fresh start. It used to come back as {@code items: []} without any request to the
 * model on about 1 in 6–20 starts: the model call's slow cold start counted as "nobody waits for
 * it" and tripped its cancel checker before it sent anything.
 */
@Timeout(180)
class FirstCompletionTest {
  private static final String URI = "file:///tmp/codeloop-ptfirst/src/Main.java";
  private static final int STARTS = 6;

  @TempDir Path xdg;

  @Test
  void should_answer_the_first_invoked_completion_of_every_cold_start_through_the_model()
      throws Exception {
    try (LoopbackModel model = new LoopbackModel().replies("append(1);")) {
      String settings = CompletionSession.loopbackSettings(null, model);
      for (int start = 1; start <= STARTS; start++) {
        // given: a fresh server process, its first document just opened
        Path home = Files.createDirectories(xdg.resolve("start-" + start));
        try (CompletionSession s = CompletionSession.start(home, settings, true, null)) {
          s.open(URI, "class Main {\n  void run(StringBuilder b) {\n    b.\n  }\n}\n");

          // when: at once, the first completion
          List<InlineCompletionItem> items =
              s.inline(URI, new Position(2, 6), InlineCompletionTriggerKind.Invoked);

          // then: the model was asked, and its answer came back
          assertThat(model.count()).as("model requests after start %d", start).isEqualTo(start);
          assertThat(LoopbackModelCompletionTest.texts(items))
              .as("items of start %d", start)
              .containsExactly("append(1);");
        }
      }
    }
  }
}

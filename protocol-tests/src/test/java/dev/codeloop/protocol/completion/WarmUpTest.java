package dev.codeloop.protocol.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up after {@code initialized} prepares the completion route without sending anything to
 * the model, and the first completion, asked at once on a cold server with the default 2.5 s
 * deadline, is the model's answer. (How often a cold first completion misses its deadline over many
 * starts is measured by {@code FirstCompletionBench}, not asserted here.)
 */
@Timeout(60)
class WarmUpTest {
  private static final String URI = "file:///tmp/codeloop-ptwarm/src/Main.java";

  @Test
  void should_send_nothing_to_the_model_until_the_first_completion_and_then_answer_it()
      throws Exception {
    try (LoopbackModel model = new LoopbackModel().replies("append(1);")) {
      // given: a cold server routed to the loopback model, default completion deadline
      String settings =
          CompletionSession.loopbackSettings(null, model)
              .replace("\"deadlines\":{\"completion\":10000},", "");
      try (CompletionSession s = CompletionSession.start(xdg, settings, true, null)) {
        s.open(URI, "class Main {\n  void run(StringBuilder b) {\n    b.\n  }\n}\n");

        // when: nothing asked yet, while the warm-up runs
        boolean contacted = model.awaitCount(1, Duration.ofMillis(1500));

        // then
        assertThat(contacted).as("the warm-up sent nothing to the model").isFalse();

        // when: the first completion
        List<InlineCompletionItem> items =
            s.inline(URI, new Position(2, 6), InlineCompletionTriggerKind.Invoked);

        // then
        assertThat(LoopbackModelCompletionTest.texts(items)).containsExactly("append(1);");
        assertThat(model.count()).isEqualTo(1);
      }
    }
  }

  @TempDir Path xdg;
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  @Test
  void should_complete_while_documents_are_learned_in_the_background() throws Exception {
    // given
    ExecutorService background = Executors.newSingleThreadExecutor();
    EmbeddedCodeModel model =
        EmbeddedCodeModel.builder()
            .executor(background)
            .rebuildPolicy(1_000_000, 0.0)
            .searchBudget(Duration.ofSeconds(5))
            .build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 300; i++) {
                  model.updateDocument(
                      "file:///w/F" + (i % 7) + ".java",
                      "java",
                      "class F { void f() { builder.append(item" + i + "); builder.append(x); } }");
                }
              } catch (RuntimeException e) {
                failure.set(e);
              }
            });
    FimRequest request =
        new FimRequest("G.java", "java", "class G { void g() { builder.app", "", List.of(), false);

    // when
    writer.start();
    // completions run all the while the documents are written and learned, and on until one has
    // answered from what was learned (how many run before the first document lands depends on
    // the machine's load: a fixed count of them raced the background learning)
    int answered = 0;
    int completions = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((writer.isAlive() || completions < 300 || answered == 0)
        && System.nanoTime() < deadline) {
      completions++;
      if (!model.complete(request, 2, () -> {}).isEmpty()) {
        answered++;
      }
    }
    writer.join();
    background.shutdown();
    assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(failure.get()).isNull();
    // the training documents are one-liners, so the line goes on after the semicolon
    assertThat(model.complete(request, 1, () -> {}))
        .singleElement()
        .asString()
        .startsWith("end(x);");
    assertThat(model.stats().documents()).isEqualTo(7);
    assertThat(answered).isPositive();
  }
}

package dev.codeloop.workspace.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowWorkspaceTest {
  @TempDir Path tmp;

  @Test
  void should_give_the_copy_to_one_run_at_a_time() throws Exception {
    // given: a root, and a verification run holding its copy with a proposed edit while its tool
    // runs
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path file = Files.writeString(root.resolve("A.java"), "saved");
    ShadowWorkspace shadow = new ShadowWorkspace(tmp.resolve("shadow"));
    CompletableFuture<String> toolOfFirst = new CompletableFuture<>();
    CompletableFuture<String> first =
        shadow.exclusive(
            () -> {
              shadow.prepare(root, Map.of(file, "proposed"));
              return toolOfFirst;
            });
    AtomicBoolean secondStarted = new AtomicBoolean();

    // when: a check on save asks for the copy meanwhile
    CompletableFuture<String> second =
        shadow.exclusive(
            () -> {
              secondStarted.set(true);
              shadow.prepare(root, Map.of());
              return CompletableFuture.completedFuture("second");
            });

    // then: the second waits, the first's tool reads its own text, then the second runs
    assertThat(secondStarted).isFalse();
    assertThat(Files.readString(shadow.dir().resolve("A.java"))).isEqualTo("proposed");
    toolOfFirst.completeExceptionally(new IllegalStateException("tests failed"));
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
    assertThat(first).isCompletedExceptionally();
    assertThat(Files.readString(shadow.dir().resolve("A.java"))).isEqualTo("saved");
  }
}

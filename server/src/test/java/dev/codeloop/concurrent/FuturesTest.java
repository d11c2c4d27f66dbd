package dev.codeloop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

  @Test
  void relay_passes_the_value_on() {
    CompletableFuture<String> from = new CompletableFuture<>();
    CompletableFuture<String> to = new CompletableFuture<>();
    Futures.relay(from, to);
    assertThat(to).isNotDone();
    from.complete("done");
    assertThat(to).isCompletedWithValue("done");
  }

  @Test
  void relay_passes_the_failure_on_unwrapped() {
    CompletableFuture<String> from = new CompletableFuture<>();
    CompletableFuture<String> to = new CompletableFuture<>();
    Futures.relay(from, to);
    IllegalStateException cause = new IllegalStateException("broken");
    from.completeExceptionally(new CompletionException(cause));
    assertThat(to).isCompletedExceptionally();
    assertThat(to.handle((r, t) -> t).join()).isSameAs(cause);
  }
}

package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.Test;

class ModelCallLimiterTest {
  private static final CancelChecker NEVER = () -> {};

  /** Every call hangs until the test completes its future. */
  static final class HeldGateway implements ModelGateway {
    final List<CompletableFuture<ModelReply>> calls = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
      CompletableFuture<ModelReply> f = new CompletableFuture<>();
      calls.add(f);
      return f;
    }

    @Override
    public RouteStatus status(Task task) {
      return RouteStatus.ok();
    }

    void answer(int i) {
      calls
          .get(i)
          .complete(
              new ModelReply(
                  List.of("ok " + i), "m", 1, Duration.ZERO, ModelReply.TokenUsage.UNKNOWN));
    }
  }

  private static ModelRequest chat() {
    return RouterFixture.chat(Task.CHAT, "x");
  }

  @Test
  void should_run_up_to_the_limit_and_queue_the_rest_when_many_requests_arrive() {
    // given
    HeldGateway held = new HeldGateway();
    ModelCallLimiter limiter = new ModelCallLimiter(held, 2, 4);
    // when
    List<CompletableFuture<ModelReply>> replies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replies.add(limiter.completeAsync(chat(), NEVER));
    }
    // then
    assertThat(held.calls).hasSize(2);
    assertThat(limiter.inFlight()).isEqualTo(2);
    assertThat(limiter.queued()).isEqualTo(2);
    held.answer(0);
    assertThat(replies.get(0)).isCompletedWithValueMatching(r -> r.text().equals("ok 0"));
    assertThat(held.calls).hasSize(3);
    assertThat(limiter.inFlight()).isEqualTo(2);
    assertThat(limiter.queued()).isEqualTo(1);
  }

  @Test
  void should_fail_with_overloaded_when_the_queue_is_full() {
    // given
    HeldGateway held = new HeldGateway();
    ModelCallLimiter limiter = new ModelCallLimiter(held, 8, 1);
    for (int i = 0; i < 9; i++) {
      limiter.completeAsync(chat(), NEVER);
    }
    // when
    CompletableFuture<ModelReply> tenth = limiter.completeAsync(chat(), NEVER);
    // then
    assertThat(tenth)
        .failsWithin(1, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.OVERLOADED);
              assertThat(e.getMessage())
                  .isEqualTo("too many model requests in flight for this editor (8); try again");
            });
    assertThat(held.calls).hasSize(8);
  }

  @Test
  void should_drop_a_queued_request_when_it_is_cancelled() {
    // given
    HeldGateway held = new HeldGateway();
    ModelCallLimiter limiter = new ModelCallLimiter(held, 1, 4);
    limiter.completeAsync(chat(), NEVER);
    CompletableFuture<ModelReply> queued = limiter.completeAsync(chat(), NEVER);
    CompletableFuture<ModelReply> third = limiter.completeAsync(chat(), NEVER);
    // when
    queued.cancel(true);
    held.answer(0);
    // then
    assertThat(held.calls).hasSize(2);
    held.answer(1);
    assertThat(third).isCompletedWithValueMatching(r -> r.text().equals("ok 1"));
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void should_cancel_the_running_request_when_its_future_is_cancelled() {
    // given
    HeldGateway held = new HeldGateway();
    ModelCallLimiter limiter = new ModelCallLimiter(held, 1, 4);
    CompletableFuture<ModelReply> first = limiter.completeAsync(chat(), NEVER);
    CompletableFuture<ModelReply> second = limiter.completeAsync(chat(), NEVER);
    // when
    first.cancel(true);
    // then
    assertThat(held.calls.get(0)).isCancelled();
    assertThat(held.calls).hasSize(2);
    assertThat(second).isNotDone();
  }
}

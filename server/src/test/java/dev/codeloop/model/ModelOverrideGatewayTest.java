package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.Test;

class ModelOverrideGatewayTest {
  static final class Recording implements ModelGateway {
    final List<ModelRequest> seen = new ArrayList<>();

    @Override
    public java.util.concurrent.CompletableFuture<ModelReply> completeAsync(
        ModelRequest request, CancelChecker cancel) {

      return dev.codeloop.concurrent.Futures.now(
          () -> java.util.concurrent.CompletableFuture.completedFuture(answer(request, cancel)));
    }

    private ModelReply answer(ModelRequest request, CancelChecker cancel) {
      seen.add(request);
      return new ModelReply(List.of("ok"), "m", 1, Duration.ZERO, ModelReply.TokenUsage.UNKNOWN);
    }

    @Override
    public RouteStatus status(Task task) {
      return RouteStatus.ok();
    }
  }

  private static ModelRequest chat() {
    return ModelRequest.chat(Task.CHAT, List.of(ChatTurn.user("hi")));
  }

  @Test
  void should_route_requests_made_inside_with_model_to_that_model_only() {
    // given
    Recording recording = new Recording();
    ModelOverrideGateway gateway = new ModelOverrideGateway(recording);

    // when
    gateway.withModel("strong", () -> gateway.complete(chat(), () -> {}));
    gateway.complete(chat(), () -> {});

    // then
    assertThat(recording.seen.get(0).modelOverride()).contains("strong");
    assertThat(recording.seen.get(1).modelOverride()).isEmpty();
  }

  @Test
  void should_keep_a_model_the_request_chose_itself() {
    // given
    Recording recording = new Recording();
    ModelOverrideGateway gateway = new ModelOverrideGateway(recording);

    // when
    gateway.withModel("strong", () -> gateway.complete(chat().withModelOverride("fast"), () -> {}));

    // then
    assertThat(recording.seen.get(0).modelOverride()).contains("fast");
  }
}

package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ColdStartTest {
  private final RouterFixture fx = new RouterFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void should_create_no_provider_client_until_the_first_request() {
    // given
    AtomicInteger created = new AtomicInteger();
    fx.settings(
        "{ \"models\": { \"fast\": { \"provider\": \"ollama\", \"model\": \"qwen2.5-coder:7b\" } },"
            + " \"routes\": { \"chat\": [\"fast\"] } }");
    FakeModelClient fast = FakeModelClient.answering("fast", "hi");
    SessionRouter router =
        ModelRouter.builder()
            .clientFactory(
                (spec, env) -> {
                  created.incrementAndGet();
                  return fast;
                })
            .modelExecutor(fx.executor)
            .scheduler(fx.scheduler)
            .build()
            .session(() -> fx.settings);
    // when
    router.status(Task.CHAT);
    router.route(Task.CHAT);
    router.stats();
    int beforeFirstCall = created.get();
    router.complete(RouterFixture.chat(Task.CHAT, "x"), () -> {});
    router.complete(RouterFixture.chat(Task.CHAT, "y"), () -> {});
    // then
    assertThat(beforeFirstCall).isZero();
    assertThat(created.get()).isEqualTo(1);
  }

  @Test
  void should_recreate_a_client_when_its_settings_change() {
    // given
    AtomicInteger created = new AtomicInteger();
    fx.settings(
        "{ \"models\": { \"fast\": { \"provider\": \"ollama\", \"model\": \"a\" } }, \"routes\": { \"chat\": [\"fast\"] } }");
    FakeModelClient fast = FakeModelClient.answering("fast", "hi");
    SessionRouter router =
        ModelRouter.builder()
            .clientFactory(
                (spec, env) -> {
                  created.incrementAndGet();
                  return fast;
                })
            .modelExecutor(fx.executor)
            .scheduler(fx.scheduler)
            .build()
            .session(() -> fx.settings);
    router.complete(RouterFixture.chat(Task.CHAT, "x"), () -> {});
    // when
    fx.settings(
        "{ \"models\": { \"fast\": { \"provider\": \"ollama\", \"model\": \"b\" } }, \"routes\": { \"chat\": [\"fast\"] } }");
    router.complete(RouterFixture.chat(Task.CHAT, "x"), () -> {});
    // then
    assertThat(created.get()).isEqualTo(2);
  }

  @Test
  void should_pass_the_cancel_checker_through_to_the_embedded_model() {
    // given
    List<Boolean> sawChecker = new java.util.concurrent.CopyOnWriteArrayList<>();
    fx.embedded =
        (fim, n, cancel) -> {
          cancel.checkCanceled();
          sawChecker.add(true);
          return List.of("done");
        };
    // when
    ModelReply reply =
        fx.router().complete(RouterFixture.fim("a", "b").withCandidates(3), () -> {});
    // then
    assertThat(reply.text()).isEqualTo("done");
    assertThat(sawChecker).containsExactly(true);
  }
}

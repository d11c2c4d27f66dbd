package dev.codeloop.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import dev.codeloop.model.ModelActivity;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.ClientCapabilities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusNotifierTest {
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(ServerExecutors.named("test-status"));

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void should_send_a_change_that_happens_while_the_status_is_being_read() throws Exception {
    // given: a client that asked for the status, and a model call that fails authentication
    // exactly while the notifier reads the status it is about to send
    SessionContext context = new SessionContext();
    JsonObject experimental = new JsonObject();
    experimental.addProperty("codeloopStatus", true);
    ClientCapabilities caps = new ClientCapabilities();
    caps.setExperimental(experimental);
    context.setCapabilities(ClientCapabilitiesView.of(caps));
    List<CodeloopClient.StatusParams> sent = new CopyOnWriteArrayList<>();
    context.setStatusClient(sent::add);
    CompletableFuture<ModelReply> call = new CompletableFuture<>();
    ModelActivity activity = new ModelActivity(new OneCall(call));
    AtomicBoolean failedOnce = new AtomicBoolean();
    StatusNotifier notifier =
        new StatusNotifier(
            context,
            activity,
            () -> {
              if (failedOnce.compareAndSet(false, true)) {
                activity.completeAsync(null, () -> {});
                call.completeExceptionally(
                    new ModelException(ModelException.Kind.AUTHENTICATION, "cloud", "401"));
              }
              return false;
            },
            () -> Optional.of("fake"),
            scheduler);

    // when
    notifier.start();

    // then: the status read before the failure went out, and then the failure too
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sent.stream().noneMatch(s -> s.state().equals("authenticationFailed"))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sent)
        .extracting(CodeloopClient.StatusParams::state)
        .containsExactly("untrusted", "authenticationFailed");
    assertThat(sent.get(1).model()).isEqualTo("cloud");
  }

  @Test
  void should_send_nothing_to_a_client_that_did_not_ask() throws Exception {
    // given
    SessionContext context = new SessionContext();
    List<CodeloopClient.StatusParams> sent = new CopyOnWriteArrayList<>();
    context.setStatusClient(sent::add);
    CompletableFuture<ModelReply> call = new CompletableFuture<>();
    ModelActivity activity = new ModelActivity(new OneCall(call));
    StatusNotifier notifier =
        new StatusNotifier(context, activity, () -> true, () -> Optional.empty(), scheduler);

    // when
    notifier.start();
    activity.completeAsync(null, () -> {});
    call.completeExceptionally(
        new ModelException(ModelException.Kind.AUTHENTICATION, "cloud", "401"));
    scheduler.schedule(() -> {}, 300, TimeUnit.MILLISECONDS).get();

    // then
    assertThat(sent).isEmpty();
    assertThat(notifier.current().state()).isEqualTo("authenticationFailed");
  }

  /** A gateway whose one call ends when the test says. */
  private record OneCall(CompletableFuture<ModelReply> call) implements ModelGateway {
    @Override
    public CompletableFuture<ModelReply> completeAsync(
        dev.codeloop.model.ModelRequest request, org.eclipse.lsp4j.jsonrpc.CancelChecker cancel) {
      return call;
    }

    @Override
    public ModelGateway.RouteStatus status(dev.codeloop.model.Task task) {
      throw new UnsupportedOperationException();
    }
  }
}

package dev.codeloop.workspace.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.Test;

class RedactingModelGatewayTest {

  /** Records what was sent and echoes the user message back. */
  static final class EchoGateway implements ModelGateway {
    final List<ModelRequest> sent = new ArrayList<>();

    @Override
    public java.util.concurrent.CompletableFuture<ModelReply> completeAsync(
        ModelRequest request, CancelChecker cancel) {

      return dev.codeloop.concurrent.Futures.now(
          () -> java.util.concurrent.CompletableFuture.completedFuture(answer(request, cancel)));
    }

    private ModelReply answer(ModelRequest request, CancelChecker cancel) {
      sent.add(request);
      String last =
          request.messages().isEmpty()
              ? request.fim().orElseThrow().prefix()
              : request.messages().get(request.messages().size() - 1).text();
      return new ModelReply(List.of(last), "echo", 1, Duration.ZERO, ModelReply.TokenUsage.UNKNOWN);
    }

    @Override
    public RouteStatus status(Task task) {
      return RouteStatus.ok();
    }
  }

  @Test
  void should_never_send_secrets_and_restore_them_in_the_reply() {
    // given
    EchoGateway echo = new EchoGateway();
    RedactingModelGateway gateway = new RedactingModelGateway(echo, () -> new SecretRedactor(true));
    String code =
        "String key = \"sk-proj-abcdefghijklmnopqrstuvwxyz0123\";\nString gh = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\";\nint x = 1;";

    // when
    ModelReply reply =
        gateway.complete(ModelRequest.chat(Task.REFACTOR, List.of(ChatTurn.user(code))), () -> {});

    // then
    String sent = echo.sent.get(0).messages().get(0).text();
    assertThat(sent)
        .doesNotContain("sk-proj-abcdefghijklmnopqrstuvwxyz0123")
        .doesNotContain("ghp_abc");
    assertThat(sent).contains(SecretRedactor.MASK).contains("int x = 1;");
    assertThat(reply.text()).isEqualTo(code);
  }

  @Test
  void should_mask_a_fill_in_the_middle_request_and_keep_the_document_it_names() {
    // given
    EchoGateway echo = new EchoGateway();
    RedactingModelGateway gateway = new RedactingModelGateway(echo, () -> new SecretRedactor(true));
    String prefix = "String key = \"sk-proj-abcdefghijklmnopqrstuvwxyz0123\";\nint x = ";
    dev.codeloop.model.FimRequest fim =
        new dev.codeloop.model.FimRequest("src/A.java", "java", prefix, ";\n", List.of(), false)
            .forDocument("file:///w/src/A.java");

    // when
    gateway.complete(ModelRequest.fim(Task.COMPLETION, fim), () -> {});

    // then: the code masked, the document (which only the embedded model reads) kept
    dev.codeloop.model.FimRequest sent = echo.sent.get(0).fim().orElseThrow();
    assertThat(sent.prefix())
        .doesNotContain("sk-proj-abcdefghijklmnopqrstuvwxyz0123")
        .contains(SecretRedactor.MASK);
    assertThat(sent.document()).contains("file:///w/src/A.java");
    assertThat(sent.path()).isEqualTo("src/A.java");
  }

  @Test
  void should_pass_text_without_secrets_unchanged() {
    // given
    EchoGateway echo = new EchoGateway();
    RedactingModelGateway gateway = new RedactingModelGateway(echo, () -> new SecretRedactor(true));

    // when
    ModelReply reply =
        gateway.complete(
            ModelRequest.chat(Task.CHAT, List.of(ChatTurn.user("hello world"))), () -> {});

    // then
    assertThat(echo.sent.get(0).messages().get(0).text()).isEqualTo("hello world");
    assertThat(reply.text()).isEqualTo("hello world");
  }

  @Test
  void should_find_the_masked_substrings_in_order() {
    String original = "a=SECRET1; b=SECRET2;";
    String redacted = "a=" + SecretRedactor.MASK + "; b=" + SecretRedactor.MASK + ";";
    assertThat(RedactingModelGateway.masked(original, redacted))
        .containsExactly("SECRET1", "SECRET2");
  }
}

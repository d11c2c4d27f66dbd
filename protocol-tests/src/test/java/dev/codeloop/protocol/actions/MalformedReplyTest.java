package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replies that cannot be used, and a failing model: RequestFailed, nothing applied. */
@Timeout(60)
class MalformedReplyTest {
  @TempDir Path tmp;

  private ResponseError resolveRefactor(OpenAiLoopback.Reply reply) throws Exception {
    try (OpenAiLoopback model = new OpenAiLoopback().answering(reply);
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction refactor = s.action(uri, range(3, 0, 5, 3), "Refactor with AI");
      ResponseError error = ActionSession.error(s.resolve(refactor));
      assertThat(model.count()).isEqualTo(1);
      assertThat(s.lsp.client.appliedEdits).isEmpty();
      assertThat(s.text(uri)).isEqualTo(ProposeResolveTest.GREETER);
      return error;
    }
  }

  @Test
  void should_fail_with_request_failed_when_the_reply_has_no_code_block() throws Exception {
    // given
    OpenAiLoopback.Reply prose =
        OpenAiLoopback.text("I renamed greet to welcome, it reads better.");

    // when
    ResponseError error = resolveRefactor(prose);

    // then
    assertThat(error.getCode()).isEqualTo(-32803);
    assertThat(error.getMessage()).contains("no code block").contains("nothing was changed");
  }

  @Test
  void should_fail_with_request_failed_when_the_reply_is_cut_off_inside_a_code_block()
      throws Exception {
    // given
    OpenAiLoopback.Reply cut = OpenAiLoopback.text("```java\n  String welcome(String name) {\n");

    // when
    ResponseError error = resolveRefactor(cut);

    // then
    assertThat(error.getCode()).isEqualTo(-32803);
    assertThat(error.getMessage()).contains("cut off");
  }

  @Test
  void should_fail_with_request_failed_when_the_reply_changes_nothing() throws Exception {
    // given
    OpenAiLoopback.Reply same =
        OpenAiLoopback.text(
            "```java\n  String greet(String name) {\n    return \"Hello, \" + name;\n  }\n```");

    // when
    ResponseError error = resolveRefactor(same);

    // then
    assertThat(error.getCode()).isEqualTo(-32803);
    assertThat(error.getMessage()).contains("no change");
  }

  @Test
  void should_fail_with_request_failed_naming_the_model_when_the_only_model_answers_500()
      throws Exception {
    // given
    OpenAiLoopback.Reply serverError =
        OpenAiLoopback.status(500, "{\"error\":{\"message\":\"internal failure\"}}");

    // when
    ResponseError error = resolveRefactor(serverError);

    // then
    assertThat(error.getCode()).isEqualTo(-32803);
    assertThat(error.getMessage()).contains("'strong'");
  }
}

package dev.codeloop.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocolGsonTest {
  private final MessageJsonHandler handler =
      new MessageJsonHandler(
          ServiceEndpoints.getSupportedMethods(CodeloopLanguageServer.class),
          ProtocolGson::configure);

  private InlineCompletionTriggerKind triggerKind(String value) {
    RequestMessage m =
        (RequestMessage)
            handler.parseMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/inlineCompletion\","
                    + "\"params\":{\"textDocument\":{\"uri\":\"file:///a/A.java\"},"
                    + "\"position\":{\"line\":0,\"character\":0},"
                    + "\"context\":{\"triggerKind\":"
                    + value
                    + "}}}");
    return ((InlineCompletionParams) m.getParams()).getContext().getTriggerKind();
  }

  @ParameterizedTest(name = "triggerKind {0} -> {1}")
  @CsvSource({
    "1, Invoked", // LSP 3.18
    "2, Automatic",
    "0, Invoked", // the 3.18 proposal's Invoked (VS Code's InlineCompletionTriggerKind.Invoke)
    "1.0, Invoked",
  })
  void should_read_the_final_numbers_and_the_proposals_invoked(
      String json, InlineCompletionTriggerKind expected) {
    assertThat(triggerKind(json)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "triggerKind {0} -> no value")
  @CsvSource({"3", "-1", "0.5", "'\"Invoked\"'", "null", "true", "'{}'"})
  void should_read_any_other_value_as_none_for_the_validator_to_refuse(String json) {
    assertThat(triggerKind(json)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Invoked, 1", "Automatic, 2"})
  void should_write_the_final_numbers(InlineCompletionTriggerKind kind, int number) {
    assertThat(handler.getGson().toJson(kind)).isEqualTo(String.valueOf(number));
  }
}

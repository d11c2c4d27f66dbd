package dev.codeloop.model.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import dev.codeloop.model.config.ProviderKind;

class AnthropicContractTest extends ProviderContractTest {
  @Override
  ProviderKind provider() {
    return ProviderKind.ANTHROPIC;
  }

  @Override
  String baseUrl(String root) {
    return root + "/v1";
  }

  @Override
  String chatPath(boolean streaming) {
    return "/v1/messages";
  }

  @Override
  void replyChat(HttpExchange ex, String text) throws Exception {
    LoopbackServer.json(
        ex,
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"test-model\","
            + "\"content\":[{\"type\":\"text\",\"text\":"
            + JSON.writeValueAsString(text)
            + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":7,\"output_tokens\":3}}");
  }

  @Override
  String streamContentType() {
    return "text/event-stream";
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  @Override
  String streamStart() {
    return event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"test-model\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}")
        + event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
  }

  @Override
  String streamChunk(String text) {
    try {
      return event(
          "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
              + JSON.writeValueAsString(text)
              + "}}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String streamEnd() {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
        + event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":3}}")
        + event("message_stop", "{\"type\":\"message_stop\"}");
  }

  @Override
  String userText(LoopbackServer.Recorded request) {
    var messages = request.json().path("messages");
    var content = messages.get(messages.size() - 1).path("content");
    return content.isTextual() ? content.asText() : content.get(0).path("text").asText();
  }
}

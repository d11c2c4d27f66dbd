package dev.codeloop.model.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import dev.codeloop.model.config.ProviderKind;

class OpenAiContractTest extends ProviderContractTest {
  @Override
  ProviderKind provider() {
    return ProviderKind.OPENAI_COMPATIBLE;
  }

  @Override
  String baseUrl(String root) {
    return root + "/v1";
  }

  @Override
  String chatPath(boolean streaming) {
    return "/v1/chat/completions";
  }

  @Override
  void replyChat(HttpExchange ex, String text) throws Exception {
    LoopbackServer.json(
        ex,
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + JSON.writeValueAsString(text)
            + "},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}");
  }

  @Override
  String streamContentType() {
    return "text/event-stream";
  }

  @Override
  String streamStart() {
    return chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null");
  }

  @Override
  String streamChunk(String text) {
    try {
      return chunk("{\"content\":" + JSON.writeValueAsString(text) + "}", "null");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + finish
        + "}]}\n\n";
  }

  @Override
  String streamEnd() {
    return chunk("{}", "\"stop\"") + "data: [DONE]\n\n";
  }

  @Override
  String userText(LoopbackServer.Recorded request) {
    var messages = request.json().path("messages");
    return messages.get(messages.size() - 1).path("content").asText();
  }
}

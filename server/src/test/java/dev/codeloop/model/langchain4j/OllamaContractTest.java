package dev.codeloop.model.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import dev.codeloop.model.config.ProviderKind;

class OllamaContractTest extends ProviderContractTest {
  @Override
  ProviderKind provider() {
    return ProviderKind.OLLAMA;
  }

  @Override
  String baseUrl(String root) {
    return root;
  }

  @Override
  String chatPath(boolean streaming) {
    return "/api/chat";
  }

  @Override
  void replyChat(HttpExchange ex, String text) throws Exception {
    LoopbackServer.json(
        ex,
        "{\"model\":\"test-model\",\"created_at\":\"2026-01-01T00:00:00Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":"
            + JSON.writeValueAsString(text)
            + "},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":3}");
  }

  @Override
  String streamContentType() {
    return "application/x-ndjson";
  }

  @Override
  String streamStart() {
    return "";
  }

  @Override
  String streamChunk(String text) {
    try {
      return "{\"model\":\"test-model\",\"created_at\":\"2026-01-01T00:00:00Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":"
          + JSON.writeValueAsString(text)
          + "},\"done\":false}\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String streamEnd() {
    return "{\"model\":\"test-model\",\"created_at\":\"2026-01-01T00:00:00Z\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
        + "\"prompt_eval_count\":7,\"eval_count\":3}\n";
  }

  @Override
  String userText(LoopbackServer.Recorded request) {
    var messages = request.json().path("messages");
    return messages.get(messages.size() - 1).path("content").asText();
  }
}

package dev.codeloop.model.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import dev.codeloop.model.config.ProviderKind;

class GeminiContractTest extends ProviderContractTest {
  @Override
  ProviderKind provider() {
    return ProviderKind.GEMINI;
  }

  @Override
  String baseUrl(String root) {
    return root + "/v1beta";
  }

  @Override
  String chatPath(boolean streaming) {
    return streaming
        ? "/v1beta/models/test-model:streamGenerateContent"
        : "/v1beta/models/test-model:generateContent";
  }

  private static String candidate(String text, boolean last) throws Exception {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
        + JSON.writeValueAsString(text)
        + "}]}"
        + (last ? ",\"finishReason\":\"STOP\"" : "")
        + ",\"index\":0}]"
        + (last
            ? ",\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":3,\"totalTokenCount\":10}"
            : "")
        + ",\"modelVersion\":\"test-model\"}";
  }

  @Override
  void replyChat(HttpExchange ex, String text) throws Exception {
    LoopbackServer.json(ex, candidate(text, true));
  }

  @Override
  String streamContentType() {
    return "text/event-stream";
  }

  @Override
  String streamStart() {
    return "";
  }

  @Override
  String streamChunk(String text) {
    try {
      return "data: " + candidate(text, false) + "\n\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String streamEnd() {
    try {
      return "data: " + candidate("", true) + "\n\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String userText(LoopbackServer.Recorded request) {
    var contents = request.json().path("contents");
    return contents.get(contents.size() - 1).path("parts").get(0).path("text").asText();
  }
}

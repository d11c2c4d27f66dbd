package dev.codeloop.model.langchain4j;

import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.http.PlainHttp;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.net.http.HttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Builds LangChain4j chat models per provider: JDK HTTP client, the model's timeout, no retries
 * (the router falls back itself), request/response logging off (it would print keys).
 */
final class ChatModels {
  private static final String NO_KEY = "none";

  private ChatModels() {}

  static HttpClientBuilder http(ModelSpec spec) {
    Duration connect =
        spec.timeout().compareTo(Duration.ofSeconds(10)) < 0
            ? spec.timeout()
            : Duration.ofSeconds(10);
    return JdkHttpClient.builder()
        .httpClientBuilder(
            PlainHttp.forBaseUrl(HttpClient.newBuilder(), spec.effectiveBaseUrl().orElse(""))
                .version(HttpClient.Version.HTTP_1_1))
        .connectTimeout(connect)
        .readTimeout(spec.timeout());
  }

  static ChatModel chat(ModelSpec spec, @Nullable String apiKey, ProviderHttpClient http) {
    String base = spec.effectiveBaseUrl().orElse(null);
    Double temperature = spec.temperature().orElse(null);
    switch (spec.provider()) {
      case OPENAI:
      case OPENAI_COMPATIBLE:
        return OpenAiChatModel.builder()
            .httpClientBuilder(http.wrap(http(spec)))
            .baseUrl(base)
            .apiKey(apiKey == null ? NO_KEY : apiKey)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxRetries(0)
            .maxTokens(spec.maxTokens())
            .temperature(temperature)
            .logRequests(false)
            .logResponses(false)
            .build();
      case ANTHROPIC:
        return AnthropicChatModel.builder()
            .httpClientBuilder(http.wrap(http(spec)))
            .baseUrl(base)
            .apiKey(apiKey)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxRetries(0)
            .maxTokens(spec.maxTokens())
            .temperature(temperature)
            .logRequests(false)
            .logResponses(false)
            .build();
      case OLLAMA:
        return OllamaChatModel.builder()
            .httpClientBuilder(http.wrap(http(spec)))
            .baseUrl(base)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxRetries(0)
            .numPredict(spec.maxTokens())
            .temperature(temperature)
            .logRequests(false)
            .logResponses(false)
            .build();
      case GEMINI:
        return GoogleAiGeminiChatModel.builder()
            .httpClientBuilder(http.wrap(http(spec)))
            .baseUrl(base)
            .apiKey(apiKey)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxRetries(0)
            .maxOutputTokens(spec.maxTokens())
            .temperature(temperature)
            .logRequestsAndResponses(false)
            .logRequests(false)
            .logResponses(false)
            .build();
      default:
        throw new IllegalArgumentException("not a chat provider: " + spec.provider().id());
    }
  }

  static StreamingChatModel streaming(
      ModelSpec spec, @Nullable String apiKey, ProviderHttpClient watcher) {
    String base = spec.effectiveBaseUrl().orElse(null);
    Double temperature = spec.temperature().orElse(null);
    switch (spec.provider()) {
      case OPENAI:
      case OPENAI_COMPATIBLE:
        return OpenAiStreamingChatModel.builder()
            .httpClientBuilder(watcher.wrap(http(spec)))
            .baseUrl(base)
            .apiKey(apiKey == null ? NO_KEY : apiKey)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxTokens(spec.maxTokens())
            .temperature(temperature)
            .logRequests(false)
            .logResponses(false)
            .build();
      case ANTHROPIC:
        return AnthropicStreamingChatModel.builder()
            .httpClientBuilder(watcher.wrap(http(spec)))
            .baseUrl(base)
            .apiKey(apiKey)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxTokens(spec.maxTokens())
            .temperature(temperature)
            .logRequests(false)
            .logResponses(false)
            .build();
      case OLLAMA:
        return OllamaStreamingChatModel.builder()
            .httpClientBuilder(watcher.wrap(http(spec)))
            .baseUrl(base)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .numPredict(spec.maxTokens())
            .temperature(temperature)
            .logRequests(false)
            .logResponses(false)
            .build();
      case GEMINI:
        return GoogleAiGeminiStreamingChatModel.builder()
            .httpClientBuilder(watcher.wrap(http(spec)))
            .baseUrl(base)
            .apiKey(apiKey)
            .modelName(spec.modelId())
            .timeout(spec.timeout())
            .maxOutputTokens(spec.maxTokens())
            .temperature(temperature)
            .logRequestsAndResponses(false)
            .logRequests(false)
            .logResponses(false)
            .build();
      default:
        throw new IllegalArgumentException("not a chat provider: " + spec.provider().id());
    }
  }
}

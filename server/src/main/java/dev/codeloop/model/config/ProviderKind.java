package dev.codeloop.model.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The providers a model can be served by, with their defaults. */
public enum ProviderKind {
  OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY"),
  OPENAI_COMPATIBLE("openai-compatible", null, null),
  ANTHROPIC("anthropic", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY"),
  OLLAMA("ollama", "http://127.0.0.1:11434", null),
  GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY"),
  EMBEDDED("embedded", null, null);

  private final String id;
  private final String defaultBaseUrl;
  private final String defaultApiKeyEnv;

  ProviderKind(String id, String defaultBaseUrl, String defaultApiKeyEnv) {
    this.id = id;
    this.defaultBaseUrl = defaultBaseUrl;
    this.defaultApiKeyEnv = defaultApiKeyEnv;
  }

  /** The value of the {@code provider} setting. */
  public String id() {
    return id;
  }

  public Optional<String> defaultBaseUrl() {
    return Optional.ofNullable(defaultBaseUrl);
  }

  public Optional<String> defaultApiKeyEnv() {
    return Optional.ofNullable(defaultApiKeyEnv);
  }

  /** Whether the provider has a raw completion endpoint that takes a FIM prompt. */
  public boolean hasRawCompletionEndpoint() {
    return this == OPENAI || this == OPENAI_COMPATIBLE || this == OLLAMA;
  }

  /** Whether requests need an API key to be served. */
  public boolean requiresApiKey() {
    return this == OPENAI || this == ANTHROPIC || this == GEMINI;
  }

  public static Optional<ProviderKind> fromId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** The accepted ids, comma separated, for error messages. */
  public static String expected() {
    return Arrays.stream(values()).map(ProviderKind::id).collect(Collectors.joining(", "));
  }
}

package dev.codeloop.model;

import dev.codeloop.model.config.Capabilities;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Defaults that work without settings: models for the API keys found in the environment and for a
 * local Ollama, and routes over them. Completion stays local (Ollama, then embedded); the other
 * tasks prefer Anthropic, OpenAI, Gemini, then Ollama.
 */
final class ZeroConfig {
  static final String OPENAI_MODEL = "gpt-4.1";
  static final String ANTHROPIC_MODEL = "claude-sonnet-4-5";
  static final String GEMINI_MODEL = "gemini-2.5-flash";

  /** Models and routes found. */
  record Defaults(
      Map<String, ModelSpec> models, List<String> completionRoute, List<String> chatRoute) {}

  private ZeroConfig() {}

  static Defaults detect(
      Map<String, String> env, Optional<List<String>> ollamaModels, String ollamaBaseUrl) {
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    List<String> chat = new ArrayList<>();
    List<String> completion = new ArrayList<>();
    if (present(env, "ANTHROPIC_API_KEY")) {
      models.put(
          "anthropic",
          ModelSpec.builder("anthropic", ProviderKind.ANTHROPIC, ANTHROPIC_MODEL)
              .contextWindow(200_000)
              .maxTokens(4096)
              .build());
      chat.add("anthropic");
    }
    if (present(env, "OPENAI_API_KEY")) {
      models.put(
          "openai",
          ModelSpec.builder("openai", ProviderKind.OPENAI, OPENAI_MODEL)
              .contextWindow(128_000)
              .maxTokens(4096)
              .build());
      chat.add("openai");
    }
    if (present(env, "GEMINI_API_KEY")) {
      models.put(
          "gemini",
          ModelSpec.builder("gemini", ProviderKind.GEMINI, GEMINI_MODEL)
              .contextWindow(1_000_000)
              .maxTokens(4096)
              .build());
      chat.add("gemini");
    }
    Optional<String> local = ollamaModels.flatMap(ZeroConfig::pickOllamaModel);
    if (local.isPresent()) {
      ModelSpec spec =
          ModelSpec.builder("ollama", ProviderKind.OLLAMA, local.get())
              .baseUrl(ollamaBaseUrl)
              .contextWindow(8192)
              .build();
      models.put("ollama", spec);
      chat.add("ollama");
      completion.add("ollama");
    }
    completion.add("embedded");
    return new Defaults(models, completion, chat);
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  /** Prefers a coder model (FIM-capable families first). */
  static Optional<String> pickOllamaModel(List<String> installed) {
    return installed.stream()
        .filter(n -> n.toLowerCase(Locale.ROOT).contains("coder"))
        .findFirst()
        .or(
            () ->
                installed.stream()
                    .filter(n -> !n.toLowerCase(Locale.ROOT).contains("embed"))
                    .findFirst());
  }

  static ModelSpec embeddedSpec() {
    return ModelSpec.builder("embedded", ProviderKind.EMBEDDED, "")
        .capabilities(Capabilities.FIM_ONLY)
        .contextWindow(4096)
        .maxTokens(128)
        .build();
  }
}

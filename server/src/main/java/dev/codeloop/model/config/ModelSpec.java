package dev.codeloop.model.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured model (an entry of the {@code models} setting).
 *
 * @param name the configured name routes refer to, e.g. {@code fast}
 * @param provider who serves it
 * @param modelId the provider's model id, e.g. {@code qwen2.5-coder-7b} (empty for embedded)
 * @param baseUrl the endpoint base, e.g. {@code http://127.0.0.1:8000/v1}
 * @param apiKeyEnv the environment variable holding the API key
 * @param apiKey a literal key (only from trusted settings); never printed
 * @param fimTemplate {@code auto}, {@code suffix}, {@code none} or a family name of {@link
 *     dev.codeloop.model.fim.FimTemplate}
 * @param maxReplyBytes the largest reply body (or streamed answer) accepted from the model, in
 *     bytes; a larger one is cut off and reported (setting {@code maxReplyBytes})
 */
public record ModelSpec(
    String name,
    ProviderKind provider,
    String modelId,
    Optional<String> baseUrl,
    Optional<String> apiKeyEnv,
    Optional<String> apiKey,
    Duration timeout,
    int maxTokens,
    Optional<Double> temperature,
    int contextWindow,
    double pricePer1kInput,
    double pricePer1kOutput,
    String fimTemplate,
    Capabilities capabilities,
    long maxReplyBytes) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_TOKENS = 1024;
  public static final int DEFAULT_CONTEXT_WINDOW = 8192;

  /** 1 MiB: a 32k-token answer is well below; a runaway or hostile endpoint is stopped early. */
  public static final long DEFAULT_MAX_REPLY_BYTES = 1L << 20;

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(temperature, "temperature");
    Objects.requireNonNull(fimTemplate, "fimTemplate");
    Objects.requireNonNull(capabilities, "capabilities");
  }

  /** The base URL to use: the configured one or the provider's default. */
  public Optional<String> effectiveBaseUrl() {
    return baseUrl.or(provider::defaultBaseUrl).map(ModelSpec::stripTrailingSlash);
  }

  /** The API key: the literal one, else the value of {@code apiKeyEnv} in {@code env}. */
  public Optional<String> resolveApiKey(java.util.Map<String, String> env) {
    if (apiKey.isPresent()) {
      return apiKey;
    }
    return apiKeyEnv.map(env::get).filter(k -> !k.isBlank());
  }

  /** Whether a missing key stops this model from being used. */
  public boolean missingRequiredKey(java.util.Map<String, String> env) {
    return provider.requiresApiKey() && resolveApiKey(env).isEmpty();
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ModelSpec[" + name + ", " + provider.id() + ", " + modelId + "]";
  }

  public static Builder builder(String name, ProviderKind provider, String modelId) {
    return new Builder(name, provider, modelId);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, provider, modelId);
    b.baseUrl = baseUrl;
    b.apiKeyEnv = apiKeyEnv;
    b.apiKey = apiKey;
    b.timeout = timeout;
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.contextWindow = contextWindow;
    b.pricePer1kInput = pricePer1kInput;
    b.pricePer1kOutput = pricePer1kOutput;
    b.fimTemplate = fimTemplate;
    b.capabilities = capabilities;
    b.maxReplyBytes = maxReplyBytes;
    return b;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Builds a spec with the provider's defaults for everything not set. */
  public static final class Builder {
    private final String name;
    private final ProviderKind provider;
    private final String modelId;
    private Optional<String> baseUrl = Optional.empty();
    private Optional<String> apiKeyEnv;
    private Optional<String> apiKey = Optional.empty();
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private Optional<Double> temperature = Optional.empty();
    private int contextWindow = DEFAULT_CONTEXT_WINDOW;
    private double pricePer1kInput;
    private double pricePer1kOutput;
    private String fimTemplate = "auto";
    private Capabilities capabilities;
    private long maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;

    private Builder(String name, ProviderKind provider, String modelId) {
      this.name = name;
      this.provider = provider;
      this.modelId = modelId;
      this.apiKeyEnv = provider.defaultApiKeyEnv();
    }

    public Builder baseUrl(String v) {
      baseUrl = Optional.ofNullable(v);
      return this;
    }

    public Builder apiKeyEnv(String v) {
      apiKeyEnv = Optional.ofNullable(v);
      return this;
    }

    public Builder apiKey(String v) {
      apiKey = Optional.ofNullable(v);
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder maxTokens(int v) {
      maxTokens = v;
      return this;
    }

    public Builder temperature(Double v) {
      temperature = Optional.ofNullable(v);
      return this;
    }

    public Builder contextWindow(int v) {
      contextWindow = v;
      return this;
    }

    public Builder prices(double per1kInput, double per1kOutput) {
      pricePer1kInput = per1kInput;
      pricePer1kOutput = per1kOutput;
      return this;
    }

    public Builder fimTemplate(String v) {
      fimTemplate = v;
      return this;
    }

    public Builder capabilities(Capabilities v) {
      capabilities = v;
      return this;
    }

    public Builder maxReplyBytes(long v) {
      maxReplyBytes = v;
      return this;
    }

    public ModelSpec build() {
      Capabilities caps = capabilities != null ? capabilities : defaultCapabilities();
      return new ModelSpec(
          name,
          provider,
          modelId,
          baseUrl,
          apiKeyEnv,
          apiKey,
          timeout,
          maxTokens,
          temperature,
          contextWindow,
          pricePer1kInput,
          pricePer1kOutput,
          fimTemplate,
          caps,
          maxReplyBytes);
    }

    private Capabilities defaultCapabilities() {
      if (provider == ProviderKind.EMBEDDED) {
        return Capabilities.FIM_ONLY;
      }
      boolean rawFim =
          (provider == ProviderKind.OPENAI_COMPATIBLE || provider == ProviderKind.OLLAMA)
              && !fimTemplate.equals("none")
              && (!fimTemplate.equals("auto")
                  || dev.codeloop.model.fim.FimTemplate.forModelId(modelId).isPresent());
      return new Capabilities(true, rawFim, true);
    }
  }
}

package dev.codeloop.model;

import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;

/**
 * What a model is, whoever configured it and under whatever name: provider, endpoint and the
 * provider's model id. Two sessions that reach the same endpoint and model share one circuit
 * breaker and one line of backend statistics.
 *
 * @param endpoint the effective base URL ({@code ""} for the embedded model)
 */
public record ModelIdentity(ProviderKind provider, String endpoint, String modelId) {

  public static ModelIdentity of(ModelSpec spec) {
    return new ModelIdentity(spec.provider(), spec.effectiveBaseUrl().orElse(""), spec.modelId());
  }

  /** {@code provider:modelId@endpoint}, or {@code embedded}. Contains no key. */
  @Override
  public String toString() {
    if (provider == ProviderKind.EMBEDDED) {
      return provider.id();
    }
    String id = modelId.isEmpty() ? "" : ":" + modelId;
    return provider.id() + id + (endpoint.isEmpty() ? "" : "@" + endpoint);
  }
}

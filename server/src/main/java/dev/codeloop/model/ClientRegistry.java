package dev.codeloop.model;

import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Model clients by configured name, created on first use (never at startup) and recreated when the
 * model's settings change.
 */
final class ClientRegistry {
  private record Entry(ModelSpec spec, ModelClient client) {}

  private final ModelClientFactory factory;
  private final @Nullable LocalCompletionModel embedded;
  private final Map<String, String> env;
  private final Executor embeddedExecutor;
  private final Map<String, Entry> clients = new ConcurrentHashMap<>();

  ClientRegistry(
      ModelClientFactory factory,
      @Nullable LocalCompletionModel embedded,
      Map<String, String> env,
      Executor embeddedExecutor) {
    this.factory = factory;
    this.embedded = embedded;
    this.env = env;
    this.embeddedExecutor = embeddedExecutor;
  }

  ModelClient client(ModelSpec spec) {
    Entry e =
        clients.compute(
            spec.name(),
            (name, old) -> {
              if (old != null && old.spec().equals(spec)) {
                return old;
              }
              if (old != null) {
                old.client().close();
              }
              return new Entry(spec, create(spec));
            });
    return e.client();
  }

  private ModelClient create(ModelSpec spec) {
    if (spec.provider() == ProviderKind.EMBEDDED) {
      if (embedded == null) {
        return (call, control, onPartial) ->
            CompletableFuture.failedFuture(
                new ModelException(
                    ModelException.Kind.NOT_CONFIGURED,
                    spec.name(),
                    "the embedded model is not available"));
      }
      return new EmbeddedModelClient(spec.name(), embedded, embeddedExecutor);
    }
    return factory.create(spec, env);
  }

  int size() {
    return clients.size();
  }

  void closeAll() {
    clients.values().forEach(e -> e.client().close());
    clients.clear();
  }
}

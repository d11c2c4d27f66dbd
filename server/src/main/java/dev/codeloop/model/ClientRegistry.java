package dev.codeloop.model;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Model clients of the backend, keyed by the whole model entry (so two sessions that configure a
 * model under one name but with other endpoints each get their own client, and two that configure
 * the same entry share one), created on first use (never at startup). At most {@link #MAX_CLIENTS}
 * are kept; the least recently used one beyond that is closed.
 */
final class ClientRegistry {
  static final int MAX_CLIENTS = 64;

  private final ModelClientFactory factory;
  private final @Nullable LocalCompletionModel embedded;
  private final Map<String, String> env;
  private final Executor embeddedExecutor;
  private final Cache<ModelSpec, ModelClient> clients =
      CacheBuilder.newBuilder()
          .maximumSize(MAX_CLIENTS)
          .<ModelSpec, ModelClient>removalListener(n -> closeQuietly(n.getValue()))
          .build();

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
    try {
      return clients.get(spec, () -> create(spec));
    } catch (ExecutionException | UncheckedExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void closeQuietly(@Nullable ModelClient client) {
    if (client == null) {
      return;
    }
    try {
      client.close();
    } catch (RuntimeException e) {
      // closing is best effort
    }
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

  long size() {
    return clients.size();
  }

  void closeAll() {
    clients.invalidateAll();
  }
}

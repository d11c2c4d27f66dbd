package dev.codeloop.model;

import dev.codeloop.model.config.ModelSpec;
import java.util.Map;

/**
 * Creates the client for a configured model. Called lazily by the router on the first call to the
 * model, on a model executor thread; creating must not do network I/O.
 */
@FunctionalInterface
public interface ModelClientFactory {
  ModelClient create(ModelSpec spec, Map<String, String> env);
}

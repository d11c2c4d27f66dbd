package dev.codeloop.model;

import java.util.List;
import java.util.Optional;

/**
 * Finds out whether an Ollama server answers, for zero-configuration defaults. Must return within
 * its own short timeout; called in the background, never on a request path.
 */
@FunctionalInterface
public interface OllamaProbe {
  /** The installed model names, or empty when no Ollama answered. */
  Optional<List<String>> installedModels();

  OllamaProbe NONE = Optional::empty;
}

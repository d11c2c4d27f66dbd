package dev.codeloop.workspace.tool;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's findings go (the LSP layer publishes them as diagnostics): features never talk to
 * the client themselves.
 */
public interface FindingsPublisher {
  /**
   * Replaces everything {@code source} said about files under {@code scope} by {@code findings}:
   * files that no longer have findings are cleared, other sources' diagnostics are kept.
   */
  void publish(String source, List<Path> scope, List<Finding> findings);
}

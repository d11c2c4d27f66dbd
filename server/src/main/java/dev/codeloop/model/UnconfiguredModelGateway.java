package dev.codeloop.model;

import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The gateway used when no router is wired (e.g. in tests of features that need no model): every
 * task reports that no model is configured.
 */
public final class UnconfiguredModelGateway implements ModelGateway {
  private static final String HOW =
      "no model is configured for this task; add one under 'models' and 'routes' in the settings"
          + " (see docs/CONFIGURATION.md)";

  @Override
  public ModelReply complete(ModelRequest request, CancelChecker cancel) {
    throw new ModelException(ModelException.Kind.NOT_CONFIGURED, null, HOW);
  }

  @Override
  public RouteStatus status(Task task) {
    return RouteStatus.unusable(HOW);
  }
}

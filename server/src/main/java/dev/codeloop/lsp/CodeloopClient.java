package dev.codeloop.lsp;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;

/** What the server sends a client beyond LSP (docs/LSP-EXTENSIONS.md). */
public interface CodeloopClient {
  /**
   * {@code codeloop/status}: sent only to clients whose {@code initialize} capabilities hold {@code
   * experimental.codeloopStatus: true}.
   */
  @JsonNotification("codeloop/status")
  void status(StatusParams params);

  /** The params of {@code codeloop/status}; {@code model} and {@code message} may be null. */
  record StatusParams(String state, String model, int inFlight, String message) {}
}

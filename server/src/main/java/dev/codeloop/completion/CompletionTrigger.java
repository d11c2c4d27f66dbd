package dev.codeloop.completion;

/** Why a completion was asked for: explicitly by the user, or automatically while typing. */
public enum CompletionTrigger {
  /**
   * The user asked for an inline completion (a shortcut, cycling, the command line) and waits for
   * it: as {@link #INVOKED}, and a model in this process may search longer ({@link
   * dev.codeloop.model.FimRequest#requested}).
   */
  REQUESTED,
  /**
   * A list the editor asked for (invoked, or as an identifier is typed: LSP's {@code Invoked} for
   * {@code textDocument/completion}): several candidates, never debounced.
   */
  INVOKED,
  /** The editor asked as the user typed: one candidate, debounced server-side. */
  AUTOMATIC
}

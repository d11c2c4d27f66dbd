package dev.codeloop.completion;

/** Why a completion was asked for: explicitly by the user, or automatically while typing. */
public enum CompletionTrigger {
  /** The user asked (a shortcut, cycling): several candidates, never debounced. */
  INVOKED,
  /** The editor asked as the user typed: one candidate, debounced server-side. */
  AUTOMATIC
}

package dev.codeloop.action;

import dev.codeloop.document.DocumentSnapshot;
import java.util.List;
import java.util.Objects;

/** What a provider sees when proposing: cheap, no model, no I/O. */
public record ActionContext(
    DocumentSnapshot snapshot, TextRange range, List<Diagnostic> diagnostics, List<String> only) {
  public ActionContext {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(range, "range");
    diagnostics = List.copyOf(diagnostics);
    only = only == null ? List.of() : List.copyOf(only);
  }
}

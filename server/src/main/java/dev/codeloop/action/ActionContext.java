package dev.codeloop.action;

import dev.codeloop.document.DocumentSnapshot;
import java.util.List;
import java.util.Objects;

/** What a provider sees when proposing: cheap, no model, no I/O. */
public record ActionContext(
    DocumentSnapshot snapshot, TextRange range, List<Diagnostic> diagnostics, List<String> only) {
  /**
   * How chat transcripts are named ({@code *.codeloop.md}); the chat feature owns their actions.
   */
  public static final String CHAT_FILE_SUFFIX = ".codeloop.md";

  public ActionContext {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(range, "range");
    diagnostics = List.copyOf(diagnostics);
    only = only == null ? List.of() : List.copyOf(only);
  }

  /** Whether the document is a chat transcript (where code actions other than chat's stay out). */
  public boolean inChatTranscript() {
    return snapshot.uri().endsWith(CHAT_FILE_SUFFIX);
  }
}

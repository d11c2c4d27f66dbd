package dev.codeloop.action;

import java.util.List;
import java.util.Objects;

/** What resolving an action produced: edits to apply, or an answer to show. Never applied here. */
public sealed interface ActionResult {

  /** Edits to one or more files; the LSP layer turns them into one {@code WorkspaceEdit}. */
  record Edits(List<FileEdit> files) implements ActionResult {
    public Edits {
      files = List.copyOf(files);
      if (files.isEmpty()) {
        throw new IllegalArgumentException("an edit result changes at least one file");
      }
    }
  }

  /**
   * A prose answer in Markdown.
   *
   * @param name a short file-name stem for the answer document (e.g. {@code explain})
   */
  record Answer(String name, String title, String markdown) implements ActionResult {
    public Answer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(markdown, "markdown");
    }
  }
}

package dev.codeloop.action;

import java.util.List;
import java.util.Objects;

/** A change to one file. */
public sealed interface FileEdit {
  String uri();

  /**
   * Minimal text edits against one version of an existing document.
   *
   * @param version the version the edits were computed for; {@code -1} for a file that is not open
   */
  record Change(String uri, int version, List<TextReplacement> edits) implements FileEdit {
    public Change {
      Objects.requireNonNull(uri, "uri");
      edits = List.copyOf(edits);
    }
  }

  /** A file that does not exist yet, with its content. */
  record Create(String uri, String content) implements FileEdit {
    public Create {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(content, "content");
    }
  }
}

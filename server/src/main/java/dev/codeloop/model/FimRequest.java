package dev.codeloop.model;

import java.util.List;
import java.util.Objects;

/**
 * A fill-in-the-middle request: the code before and after the cursor plus ranked context snippets.
 * How it is rendered (FIM tokens of a model family, a raw completion endpoint with {@code suffix},
 * or a chat prompt with a hole marker) is the provider's business, decided per model by the router.
 *
 * @param path workspace-relative path of the file, for the prompt header (never an absolute path)
 * @param language LSP language id, e.g. {@code java}
 * @param snippets context from other files, most relevant first; the router trims from the end to
 *     fit
 * @param multiline whether a block may be produced (else one line is wanted)
 */
public record FimRequest(
    String path,
    String language,
    String prefix,
    String suffix,
    List<ContextSnippet> snippets,
    boolean multiline) {

  public FimRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    snippets = List.copyOf(snippets);
  }

  /** A piece of code from elsewhere in the workspace. */
  public record ContextSnippet(String path, String text, double score) {
    public ContextSnippet {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(text, "text");
    }
  }
}

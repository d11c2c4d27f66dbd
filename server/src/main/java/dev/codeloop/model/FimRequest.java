package dev.codeloop.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param document the editor's URI of the file, for models in this process only: the embedded model
 *     keeps one model per project and serves the request from the project that holds the file (two
 *     editors' projects may both hold {@code path}). Never rendered into a prompt, never sent to a
 *     provider, never logged; empty when the request names no document
 * @param requested whether the user asked for this completion and waits for it (an explicitly
 *     invoked inline completion, the command line's {@code complete}) rather than getting it as
 *     they type: a model in this process may search longer. Never rendered into a prompt
 */
public record FimRequest(
    String path,
    String language,
    String prefix,
    String suffix,
    List<ContextSnippet> snippets,
    boolean multiline,
    Optional<String> document,
    boolean requested) {

  public FimRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(document, "document");
    snippets = List.copyOf(snippets);
  }

  /** A request that names no document. */
  public FimRequest(
      String path,
      String language,
      String prefix,
      String suffix,
      List<ContextSnippet> snippets,
      boolean multiline) {
    this(path, language, prefix, suffix, snippets, multiline, Optional.empty(), false);
  }

  /** This request for the editor's document {@code uri}. */
  public FimRequest forDocument(String uri) {
    return new FimRequest(
        path, language, prefix, suffix, snippets, multiline, Optional.of(uri), requested);
  }

  /** This request as one the user asked for and waits for ({@link #requested}). */
  public FimRequest asRequested() {
    return new FimRequest(path, language, prefix, suffix, snippets, multiline, document, true);
  }

  /** This request with other text around the cursor and other snippets (redacted, trimmed). */
  public FimRequest withText(String prefix, String suffix, List<ContextSnippet> snippets) {
    return new FimRequest(path, language, prefix, suffix, snippets, multiline, document, requested);
  }

  /** A piece of code from elsewhere in the workspace. */
  public record ContextSnippet(String path, String text, double score) {
    public ContextSnippet {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(text, "text");
    }
  }
}

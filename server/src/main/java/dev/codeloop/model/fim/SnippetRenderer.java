package dev.codeloop.model.fim;

import dev.codeloop.model.FimRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders context snippets as commented, path-headed blocks placed before the prefix, so the prompt
 * stays valid code in the file's language.
 */
public final class SnippetRenderer {
  private static final Set<String> HASH =
      Set.of(
          "python",
          "ruby",
          "shellscript",
          "shell",
          "bash",
          "sh",
          "yaml",
          "toml",
          "perl",
          "r",
          "dockerfile",
          "makefile",
          "elixir",
          "powershell",
          "julia",
          "nim",
          "crystal");
  private static final Set<String> DASH = Set.of("lua", "sql", "haskell", "ada", "elm");

  private SnippetRenderer() {}

  /** The line comment marker for an LSP language id. */
  public static String commentFor(String language) {
    String lang = language.toLowerCase(Locale.ROOT);
    if (HASH.contains(lang)) {
      return "#";
    }
    if (DASH.contains(lang)) {
      return "--";
    }
    return "//";
  }

  /** The snippets as one block of commented lines, each headed by its path; empty when none. */
  public static String render(String language, List<FimRequest.ContextSnippet> snippets) {
    if (snippets.isEmpty()) {
      return "";
    }
    String c = commentFor(language);
    StringBuilder out = new StringBuilder();
    for (FimRequest.ContextSnippet s : snippets) {
      out.append(c).append(" Path: ").append(s.path()).append('\n');
      for (String line : s.text().split("\n", -1)) {
        out.append(c).append(' ').append(line).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The prefix as sent to a raw FIM model, in the order written: the rendered snippets, then the
   * code (kept apart, so that the prompt is written without joining them).
   */
  public static List<String> prefixPieces(FimRequest fim) {
    return List.of(render(fim.language(), fim.snippets()), fim.prefix());
  }
}

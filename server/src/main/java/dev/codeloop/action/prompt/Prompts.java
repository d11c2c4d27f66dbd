package dev.codeloop.action.prompt;

import dev.codeloop.action.Diagnostic;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Small pure helpers for writing prompts. */
public final class Prompts {
  private Prompts() {}

  public static final String CODE_ONLY =
      "Answer with exactly one fenced code block containing the complete replacement for the given"
          + " lines, in the same language, keeping the surrounding indentation. Do not add anything"
          + " outside the code block.";

  public static String fence(String language, String code) {
    String ticks = code.contains("```") ? "````" : "```";
    return ticks + language + "\n" + code + "\n" + ticks;
  }

  /** The path of a document relative to the workspace folder containing it, else its file name. */
  public static String displayPath(String uri, List<Path> roots) {
    try {
      Path p = Path.of(URI.create(uri));
      for (Path root : roots) {
        if (p.startsWith(root)) {
          return root.relativize(p).toString().replace('\\', '/');
        }
      }
      return p.getFileName() == null ? uri : p.getFileName().toString();
    } catch (RuntimeException e) {
      return uri;
    }
  }

  public static String diagnostics(List<Diagnostic> diagnostics) {
    if (diagnostics.isEmpty()) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      sb.append("- line ")
          .append(d.range().start().line() + 1)
          .append(": ")
          .append(d.severity().isEmpty() ? "" : d.severity() + ": ")
          .append(d.message());
      if (!d.source().isEmpty() || !d.code().isEmpty()) {
        sb.append(" (")
            .append(d.source())
            .append(d.code().isEmpty() ? "" : " " + d.code())
            .append(')');
      }
      sb.append('\n');
    }
    return sb.toString().strip();
  }
}

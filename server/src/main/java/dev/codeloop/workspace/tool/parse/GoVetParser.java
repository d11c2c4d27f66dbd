package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * go vet: {@code ./a.go:3:5: message} under a {@code # package} header. Lines prefixed {@code vet:}
 * are type-check errors that stopped the analysis; they are errors, the rest warnings.
 */
public final class GoVetParser implements LineParser {

  private static final String VET = "vet: ";

  @Override
  public @Nullable Finding line(String line, Path workingDirectory) {
    boolean fatal = line.startsWith(VET);
    Text.ColonLocation location = Text.colonLocation(fatal ? line.substring(VET.length()) : line);
    if (location == null
        || location.numbers().size() > 2
        || location.rest().isEmpty()
        || !location.path().endsWith(".go")) {
      return null;
    }
    Path file = Text.resolve(workingDirectory, location.path());
    if (file == null) {
      return null;
    }
    return new Finding(
        file,
        location.number(0),
        location.number(1),
        0,
        0,
        fatal ? Severity.ERROR : Severity.WARNING,
        location.rest(),
        "",
        Kind.CHECK,
        "govet");
  }
}

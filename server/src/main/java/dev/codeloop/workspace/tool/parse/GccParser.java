package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * gcc and clang: {@code f.c:3:5: error: message [-Wflag]}; {@code note:} is INFO, the trailing
 * {@code [-W...]} is the code. Source excerpts, {@code In function} and {@code In file included
 * from} lines are skipped.
 */
public final class GccParser implements LineParser {

  private final String tool;

  public GccParser(String tool) {
    this.tool = tool;
  }

  @Override
  public @Nullable Finding line(String line, Path workingDirectory) {
    Text.ColonLocation location = Text.colonLocation(line);
    if (location == null || location.numbers().size() > 2) {
      return null;
    }
    Text.Labeled labeled = Text.labeled(location.rest());
    Path file = Text.resolve(workingDirectory, location.path());
    if (labeled == null || file == null) {
      return null;
    }
    String message = labeled.message();
    String code = "";
    int open = message.lastIndexOf(" [-W");
    if (open > 0 && message.endsWith("]")) {
      code = message.substring(open + 2, message.length() - 1);
      message = message.substring(0, open);
    }
    return new Finding(
        file,
        location.number(0),
        location.number(1),
        0,
        0,
        labeled.severity(),
        message,
        code,
        Kind.CHECK,
        tool);
  }
}

package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * mypy: {@code path:line: error: message [code]}; {@code --show-column-numbers} adds {@code :col},
 * {@code --show-error-end} adds {@code :endLine:endCol}. {@code note:} is INFO.
 */
public final class MypyParser implements LineParser {

  @Override
  public @Nullable Finding line(String line, Path workingDirectory) {
    Text.ColonLocation location = Text.colonLocation(line);
    if (location == null || location.numbers().size() == 3) {
      return null;
    }
    Text.Labeled labeled = Text.labeled(location.rest());
    Path file = Text.resolve(workingDirectory, location.path());
    if (labeled == null || file == null) {
      return null;
    }
    String message = labeled.message();
    String code = "";
    int open = message.lastIndexOf("  [");
    if (open > 0 && message.endsWith("]")) {
      code = message.substring(open + 3, message.length() - 1);
      message = message.substring(0, open).strip();
    }
    return new Finding(
        file,
        location.number(0),
        location.number(1),
        location.number(2),
        location.number(3),
        labeled.severity(),
        message,
        code,
        Kind.CHECK,
        "mypy");
  }
}

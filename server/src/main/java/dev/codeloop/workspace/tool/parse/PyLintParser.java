package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * ruff ({@code --output-format concise}) and flake8 (default format): {@code path:line:col: CODE
 * message}; ruff marks fixable findings with {@code [*]} after the code. Codes flake8 documents as
 * the ones that should fail a build (E9 syntax and I/O errors, F63, F7, F82 undefined names) and
 * ruff's {@code SyntaxError:} lines are errors; every other code is a warning.
 */
public final class PyLintParser implements LineParser {

  private final String tool;

  public PyLintParser(String tool) {
    this.tool = tool;
  }

  @Override
  public @Nullable Finding line(String line, Path workingDirectory) {
    Text.ColonLocation location = Text.colonLocation(line);
    if (location == null || location.numbers().size() != 2) {
      return null;
    }
    Path file = Text.resolve(workingDirectory, location.path());
    String rest = location.rest();
    int space = rest.indexOf(' ');
    if (file == null || space <= 0) {
      return null;
    }
    String code = rest.substring(0, space);
    String message = rest.substring(space + 1).strip();
    Severity severity;
    if (code.equals("SyntaxError:")) {
      code = "";
      severity = Severity.ERROR;
    } else if (isCode(code)) {
      severity = failsBuild(code) ? Severity.ERROR : Severity.WARNING;
      if (message.startsWith("[*] ")) {
        message = message.substring(4);
      }
    } else {
      return null;
    }
    return new Finding(
        file,
        location.number(0),
        location.number(1),
        0,
        0,
        severity,
        message,
        code,
        Kind.CHECK,
        tool);
  }

  /** Letters then digits: {@code E501}, {@code F401}, {@code UP006}, {@code PLR0913}. */
  private static boolean isCode(String word) {
    int letters = 0;
    while (letters < word.length() && Character.isUpperCase(word.charAt(letters))) {
      letters++;
    }
    return letters > 0 && letters < word.length() && Text.digitsEnd(word, letters) == word.length();
  }

  private static boolean failsBuild(String code) {
    return code.startsWith("E9")
        || code.startsWith("F63")
        || code.startsWith("F7")
        || code.startsWith("F82");
  }
}

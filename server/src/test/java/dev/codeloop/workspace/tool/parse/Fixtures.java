package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Captured tool output under {@code src/test/resources/tool-output}, and finding builders. */
final class Fixtures {

  /**
   * Where the captures were made (see tool-output/README.md); absolute paths in them point here.
   */
  static final Path CAPTURE = Path.of("/tmp/codeloop-capture");

  /** Working directory for outputs written from documentation. */
  static final Path PROJECT = Path.of("/project");

  private Fixtures() {}

  static Path path(String relative) {
    URL url = Fixtures.class.getResource("/tool-output/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Finding check(
      Path file,
      int line,
      int column,
      Severity severity,
      String message,
      String code,
      String tool) {
    return new Finding(file, line, column, 0, 0, severity, message, code, Kind.CHECK, tool);
  }

  static Finding test(Path file, int line, int column, String message, String code, String tool) {
    return new Finding(file, line, column, 0, 0, Severity.ERROR, message, code, Kind.TEST, tool);
  }
}

package dev.codeloop.workspace.tool.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code go test -json} (test2json events, one a line): the {@code output} events of a test that
 * ends with {@code "Action":"fail"} hold {@code t.Error} lines such as {@code " math_test.go:12:
 * got 3, want 4"}; each becomes a finding. File names are relative to the package directory: the
 * longest tail of the import path that exists under the working directory, else the working
 * directory itself.
 */
public final class GoTestJsonParser implements OutputParser {

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    Map<String, List<String>> outputs = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    Path root = workingDirectory.toAbsolutePath();
    output
        .lines()
        .forEach(
            line -> {
              JsonNode event = Json.object(json, line);
              String test = event.path("Test").asText("");
              if (test.isEmpty()) {
                return;
              }
              String pkg = event.path("Package").asText("");
              String key = pkg + '\u0000' + test;
              switch (event.path("Action").asText("")) {
                case "output" ->
                    outputs
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(event.path("Output").asText(""));
                case "fail" -> {
                  List<String> lines = outputs.remove(key);
                  if (lines != null) {
                    addFailures(lines, test, packageDirectory(root, pkg), findings);
                  }
                }
                case "pass", "skip" -> outputs.remove(key);
                default -> {}
              }
            });
    return findings;
  }

  private static void addFailures(
      List<String> lines, String test, Path directory, List<Finding> findings) {
    for (String line : lines) {
      if (!line.startsWith("    ")) {
        continue;
      }
      Text.ColonLocation location = Text.colonLocation(line.strip());
      if (location == null || location.numbers().size() != 1 || !location.path().endsWith(".go")) {
        continue;
      }
      Path file = Text.resolve(directory, location.path());
      if (file != null) {
        findings.add(
            new Finding(
                file,
                location.number(0),
                0,
                0,
                0,
                Severity.ERROR,
                test + ": " + location.rest(),
                "",
                Kind.TEST,
                "go-test-json"));
      }
    }
  }

  private static Path packageDirectory(Path root, String pkg) {
    String[] parts = pkg.split("/", -1);
    for (int start = 1; start < parts.length; start++) {
      Path candidate = tail(root, parts, start);
      if (candidate != null && Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return root;
  }

  private static @Nullable Path tail(Path root, String[] parts, int start) {
    return Text.resolve(
        root, String.join("/", java.util.Arrays.copyOfRange(parts, start, parts.length)));
  }
}

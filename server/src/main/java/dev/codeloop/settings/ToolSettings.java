package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tools} section: which commands {@code codeloop.runChecks} and {@code
 * codeloop.runTests} run instead of the detected ones, and how long a run may take. It can come
 * from the user file or a trusted workspace only: {@link WorkspaceTrust} keeps it out of an
 * untrusted {@code .codeloop.json}, and the run commands refuse an untrusted workspace anyway.
 *
 * @param checks the check commands, or empty to detect them from the project files
 * @param tests the test commands, or empty to detect them
 * @param timeoutSeconds a run is killed (with its whole process tree) after this long
 * @param checkOnSave whether saving a document of a trusted workspace runs its root's checks
 * @param unsavedBuffers whether the tools see unsaved editor buffers (in a shadow copy) or the
 *     saved files only
 * @param verifyActions whether an AI edit action, when resolved in a trusted workspace, is first
 *     applied to a shadow copy where the checks and tests run, and its title says the outcome
 */
public record ToolSettings(
    Optional<List<Command>> checks,
    Optional<List<Command>> tests,
    int timeoutSeconds,
    boolean checkOnSave,
    UnsavedBuffers unsavedBuffers,
    boolean verifyActions) {

  /** What the tools run on when editor buffers hold unsaved changes. */
  public enum UnsavedBuffers {
    /** A shadow copy of the root with the unsaved buffers written over their files. */
    OVERLAY,
    /** The files as saved on disk. */
    DISK
  }

  static final ToolSettings DEFAULT =
      new ToolSettings(
          Optional.empty(), Optional.empty(), 600, false, UnsavedBuffers.OVERLAY, false);

  /**
   * One configured command.
   *
   * @param command the argv (never a shell string)
   * @param parser the id of the output parser (e.g. {@code maven}, {@code tsc}), or {@code ""}
   * @param cwd the working directory, relative to the workspace root ({@code ""}: the root)
   */
  public record Command(List<String> command, String parser, String cwd) {
    public Command {
      command = List.copyOf(command);
    }
  }

  public ToolSettings {
    checks = checks.map(List::copyOf);
    tests = tests.map(List::copyOf);
  }

  static ToolSettings read(SettingsReader r, ToolSettings last) {
    return new ToolSettings(
        commands(r, "tools.checks", last.checks()),
        commands(r, "tools.tests", last.tests()),
        r.integer("tools.timeoutSeconds", 1, 86_400, last.timeoutSeconds()),
        r.bool("tools.checkOnSave", last.checkOnSave()),
        r.enumValue("tools.unsavedBuffers", UnsavedBuffers.class, last.unsavedBuffers()),
        r.bool("tools.verifyActions", last.verifyActions()));
  }

  /** Absent or null: detect (not the last value: removing the setting goes back to detection). */
  private static Optional<List<Command>> commands(
      SettingsReader r, String path, Optional<List<Command>> last) {
    for (String field : List.of("command", "parser", "cwd")) {
      r.noteRead(path + "[]." + field);
    }
    JsonNode n = r.node(path);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isArray()) {
      r.problem(
          path, "expected an array of {command, parser, cwd}, got " + SettingsReader.describe(n));
      return last;
    }
    List<Command> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode e = n.get(i);
      JsonNode argv = e.get("command");
      if (!e.isObject() || argv == null || !argv.isArray() || argv.isEmpty()) {
        r.problem(at + ".command", "expected a non-empty array of strings; entry ignored");
        continue;
      }
      List<String> command = new ArrayList<>();
      for (JsonNode a : argv) {
        if (!a.isTextual()) {
          command = null;
          break;
        }
        command.add(a.textValue());
      }
      if (command == null || command.get(0).isBlank()) {
        r.problem(at + ".command", "expected a non-empty array of strings; entry ignored");
        continue;
      }
      out.add(new Command(command, text(r, e, at, "parser"), text(r, e, at, "cwd")));
    }
    return Optional.of(out);
  }

  private static String text(SettingsReader r, JsonNode entry, String at, String field) {
    JsonNode v = entry.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      r.problem(at + "." + field, "expected a string, got " + SettingsReader.describe(v));
      return "";
    }
    return v.textValue();
  }
}

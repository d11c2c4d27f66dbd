package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.model.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code codeActions} section: whether AI code actions are offered, and the user's custom
 * actions.
 *
 * @param enabled whether the AI actions appear in the light bulb at all
 * @param custom the valid custom actions, in order; invalid entries are reported and skipped
 */
public record CodeActionSettings(boolean enabled, List<CustomAction> custom) {
  static final CodeActionSettings DEFAULT = new CodeActionSettings(true, List.of());

  /** The placeholders a custom prompt may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of("selection", "file", "language", "diagnostics", "symbol", "instruction");

  /** The placeholders a {@code newFile} path may use. */
  public static final Set<String> PATH_PLACEHOLDERS = Set.of("name", "ext");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");
  private static final String DEFAULT_KIND = "refactor.ai.custom";

  public CodeActionSettings {
    custom = List.copyOf(custom);
  }

  /** Where the answer of a custom action goes. */
  public enum Output {
    /** Replaces the selection (or enclosing symbol) with the code of the reply. */
    REPLACE,
    INSERT_ABOVE,
    INSERT_BELOW,
    /** Writes the code of the reply to {@link CustomAction#path()}. */
    NEW_FILE,
    /** Shows the reply as a Markdown document. */
    DOCUMENT
  }

  /**
   * One custom action.
   *
   * @param id stable id (given, or derived from the title)
   * @param kind an LSP code action kind ({@code refactor.ai.custom} by default)
   * @param prompt template with {@code {{selection}}}, {@code {{file}}}, {@code {{language}}},
   *     {@code {{diagnostics}}}, {@code {{symbol}}}, {@code {{instruction}}}
   * @param task the model route
   * @param path for {@link Output#NEW_FILE}: the file, relative to the document's folder, with
   *     {@code {{name}}} (the document's name without extension) and {@code {{ext}}}; else empty
   */
  public record CustomAction(
      String id, String title, String kind, String prompt, Task task, Output output, String path) {
    public CustomAction {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(prompt, "prompt");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(path, "path");
    }
  }

  static CodeActionSettings read(SettingsReader r, CodeActionSettings last) {
    boolean enabled = r.bool("codeActions.enabled", last.enabled());
    JsonNode list = r.node("codeActions.custom");
    if (list == null) {
      return new CodeActionSettings(enabled, List.of());
    }
    if (!list.isArray()) {
      r.problem(
          "codeActions.custom",
          "expected an array of custom actions, got " + SettingsReader.describe(list));
      return new CodeActionSettings(enabled, last.custom());
    }
    List<CustomAction> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "codeActions.custom[" + i + "]";
      CustomAction a = readOne(r, list.get(i), at);
      if (a == null) {
        continue;
      }
      if (!ids.add(a.id())) {
        r.problem(at + ".id", "duplicate custom action id '" + a.id() + "'; entry ignored");
        continue;
      }
      out.add(a);
    }
    return new CodeActionSettings(enabled, out);
  }

  private static CustomAction readOne(SettingsReader r, JsonNode n, String at) {
    if (!n.isObject()) {
      r.problem(at, "expected an object with title and prompt, got " + SettingsReader.describe(n));
      return null;
    }
    String title = text(r, n, at, "title", true);
    String prompt = text(r, n, at, "prompt", true);
    if (title == null || prompt == null) {
      return null;
    }
    String id = text(r, n, at, "id", false);
    if (id == null) {
      id = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
    String kind = text(r, n, at, "kind", false);
    if (kind == null) {
      kind = DEFAULT_KIND;
    } else if (!(kind.equals("quickfix")
        || kind.equals("refactor")
        || kind.equals("source")
        || kind.startsWith("quickfix.")
        || kind.startsWith("refactor.")
        || kind.startsWith("source."))) {
      r.problem(
          at + ".kind", "'" + kind + "' is not a quickfix, refactor or source kind; entry ignored");
      return null;
    }
    String taskKey = n.has("route") ? "route" : "task";
    String taskId = text(r, n, at, taskKey, false);
    Task task = Task.CODE_ACTION;
    if (taskId != null) {
      var t = Task.fromId(taskId);
      if (t.isEmpty()) {
        r.problem(at + "." + taskKey, "unknown route '" + taskId + "'; entry ignored");
        return null;
      }
      task = t.get();
    }
    Output output = Output.REPLACE;
    String o = text(r, n, at, "output", false);
    if (o != null) {
      output = null;
      for (Output candidate : Output.values()) {
        if (SettingsReader.settingName(candidate).equalsIgnoreCase(o)) {
          output = candidate;
        }
      }
      if (output == null) {
        r.problem(
            at + ".output",
            "unknown output '"
                + o
                + "' (expected replace, insertAbove, insertBelow, newFile or document); entry ignored");
        return null;
      }
    }
    String path = text(r, n, at, "path", false);
    if (output == Output.NEW_FILE && path == null) {
      r.problem(at + ".path", "output newFile needs a path, e.g. \"{{name}}.md\"; entry ignored");
      return null;
    }
    for (String p : placeholders(prompt)) {
      if (!PLACEHOLDERS.contains(p)) {
        r.warning(
            at + ".prompt", "unknown placeholder {{" + p + "}} (known: " + PLACEHOLDERS + ")");
      }
    }
    return new CustomAction(id, title, kind, prompt, task, output, path == null ? "" : path);
  }

  private static String text(
      SettingsReader r, JsonNode n, String at, String field, boolean required) {
    r.noteRead("codeActions.custom[]." + field);
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        r.problem(at + "." + field, "missing; entry ignored");
      }
      return null;
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      r.problem(
          at + "." + field,
          "expected a non-empty string, got "
              + SettingsReader.describe(v)
              + (required ? "; entry ignored" : "; default used"));
      return null;
    }
    return v.textValue();
  }

  static Set<String> placeholders(String template) {
    Set<String> out = new HashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}

package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.errors.SettingsProblem;
import java.util.List;

/**
 * The effective settings of a session: immutable, swapped atomically by {@link SettingsStore}.
 * Feature sections are typed records; {@code tree} is the merged JSON, from which sections owned by
 * other packages (the model router's {@code models} / {@code routes}) are parsed by their owners.
 */
public record ServerSettings(
    ObjectNode tree,
    LogSettings log,
    CompletionSettings completion,
    EmbeddedSettings embedded,
    PrivacySettings privacy,
    CodeActionSettings codeActions,
    AuditSettings audit,
    ToolSettings tools,
    WorkflowSettings workflow) {

  public enum LogLevel {
    OFF,
    ERROR,
    WARNING,
    INFO,
    DEBUG,
    TRACE
  }

  /**
   * @param level what goes to stderr / the log file
   * @param file a log file path (empty = none)
   * @param clientLevel what is forwarded to the editor as {@code window/logMessage}
   */
  public record LogSettings(LogLevel level, String file, LogLevel clientLevel) {
    static final LogSettings DEFAULT = new LogSettings(LogLevel.INFO, "", LogLevel.WARNING);

    static LogSettings read(SettingsReader r, LogSettings last) {
      return new LogSettings(
          r.enumValue("log.level", LogLevel.class, last.level()),
          r.string("log.file", last.file()),
          r.enumValue("log.clientLevel", LogLevel.class, last.clientLevel()));
    }
  }

  public enum CompletionStyle {
    /** Inline when the client supports it, else list. */
    AUTO,
    INLINE,
    LIST,
    BOTH,
    OFF
  }

  /**
   * @param debounceMs base server-side debounce for automatic triggers
   * @param maxCandidates candidates for an invoked inline completion (cycling)
   * @param cacheEntries LRU cache size per session
   * @param maxLines upper bound on lines of a multi-line suggestion
   * @param contextChars characters of prefix+suffix sent as the local context
   */
  public record CompletionSettings(
      CompletionStyle style,
      int debounceMs,
      int maxCandidates,
      int cacheEntries,
      int maxLines,
      int contextChars,
      boolean otherDocumentsContext) {
    static final CompletionSettings DEFAULT =
        new CompletionSettings(CompletionStyle.AUTO, 75, 3, 512, 12, 6000, true);

    static CompletionSettings read(SettingsReader r, CompletionSettings last) {
      return new CompletionSettings(
          r.enumValue("completion.style", CompletionStyle.class, last.style()),
          r.integer("completion.debounceMs", 0, 5000, last.debounceMs()),
          r.integer("completion.maxCandidates", 1, 10, last.maxCandidates()),
          r.integer("completion.cacheEntries", 0, 100_000, last.cacheEntries()),
          r.integer("completion.maxLines", 1, 200, last.maxLines()),
          r.integer("completion.contextChars", 200, 1_000_000, last.contextChars()),
          r.bool("completion.otherDocumentsContext", last.otherDocumentsContext()));
    }
  }

  /**
   * @param enabled whether the built-in statistical model runs at all
   * @param indexWorkspace whether the workspace is indexed in the background at start
   * @param maxFileKb files larger than this are not indexed
   * @param maxFiles at most this many files are indexed
   * @param sharedModelDir a model folder every project with no model of its own yet starts from
   *     (only read; empty = none: each project's model learns from that project alone)
   * @param stableAfterMs how long a saved file must stay untouched before the model learns it
   * @param maxModelMb budget of what a workspace's files add to the model's heap (estimated), in
   *     MB; the most relevant files are learned first
   * @param platformLibrary whether the standard libraries of the workspace's languages installed on
   *     this machine (the JDK's {@code src.zip}, Python's) are learned into what the workspace left
   *     of that budget
   */
  public record EmbeddedSettings(
      boolean enabled,
      boolean indexWorkspace,
      int maxFileKb,
      int maxFiles,
      String sharedModelDir,
      int stableAfterMs,
      int maxModelMb,
      boolean platformLibrary) {
    static final EmbeddedSettings DEFAULT =
        new EmbeddedSettings(true, true, 512, 20_000, "", 10_000, 80, true);

    public EmbeddedSettings(boolean enabled, boolean indexWorkspace, int maxFileKb, int maxFiles) {
      this(
          enabled,
          indexWorkspace,
          maxFileKb,
          maxFiles,
          DEFAULT.sharedModelDir(),
          DEFAULT.stableAfterMs(),
          DEFAULT.maxModelMb(),
          DEFAULT.platformLibrary());
    }

    static EmbeddedSettings read(SettingsReader r, EmbeddedSettings last) {
      return new EmbeddedSettings(
          r.bool("embedded.enabled", last.enabled()),
          r.bool("embedded.indexWorkspace", last.indexWorkspace()),
          r.integer("embedded.maxFileKb", 1, 100_000, last.maxFileKb()),
          r.integer("embedded.maxFiles", 0, 10_000_000, last.maxFiles()),
          r.string("embedded.sharedModelDir", last.sharedModelDir()),
          r.integer("embedded.stableAfterMs", 0, 3_600_000, last.stableAfterMs()),
          r.integer("embedded.maxModelMb", 1, 65_536, last.maxModelMb()),
          r.bool("embedded.platformLibrary", last.platformLibrary()));
    }
  }

  /**
   * @param excludeGlobs extra glob patterns of files never sent to a model (on top of .gitignore,
   *     .codeloopignore and secret-looking files)
   * @param redactSecrets whether secret-looking strings in sent text are replaced
   */
  public record PrivacySettings(List<String> excludeGlobs, boolean redactSecrets) {
    static final PrivacySettings DEFAULT =
        new PrivacySettings(
            List.of("**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/id_rsa*"), true);

    static PrivacySettings read(SettingsReader r, PrivacySettings last) {
      return new PrivacySettings(
          r.stringList("privacy.excludeGlobs", last.excludeGlobs()),
          r.bool("privacy.redactSecrets", last.redactSecrets()));
    }
  }

  /**
   * @param egressLog a JSON Lines file that gets one record per outbound model request (time,
   *     session, task, model, host, bytes, files included, redactions; never the content); empty:
   *     off. Read from the user settings file only.
   */
  public record AuditSettings(String egressLog) {
    static final AuditSettings DEFAULT = new AuditSettings("");

    static AuditSettings read(SettingsReader r, AuditSettings last) {
      return new AuditSettings(r.string("audit.egressLog", last.egressLog()));
    }
  }

  public static ServerSettings defaults(ObjectNode tree) {
    return new ServerSettings(
        tree,
        LogSettings.DEFAULT,
        CompletionSettings.DEFAULT,
        EmbeddedSettings.DEFAULT,
        PrivacySettings.DEFAULT,
        CodeActionSettings.DEFAULT,
        AuditSettings.DEFAULT,
        ToolSettings.DEFAULT,
        WorkflowSettings.DEFAULT);
  }

  /** Parses {@code tree}, keeping {@code last}'s value for every setting that is invalid. */
  public static ServerSettings parse(
      ObjectNode tree, ServerSettings last, List<SettingsProblem> problems) {
    return parse(tree, last, new SettingsReader(tree, problems));
  }

  /** Parses with the given reader (which then knows every path read). */
  static ServerSettings parse(ObjectNode tree, ServerSettings last, SettingsReader r) {
    return new ServerSettings(
        tree,
        LogSettings.read(r, last.log()),
        CompletionSettings.read(r, last.completion()),
        EmbeddedSettings.read(r, last.embedded()),
        PrivacySettings.read(r, last.privacy()),
        CodeActionSettings.read(r, last.codeActions()),
        AuditSettings.read(r, last.audit()),
        ToolSettings.read(r, last.tools()),
        WorkflowSettings.read(r, last.workflow()));
  }

  /**
   * The settings in force as JSON: the merged tree with every typed section replaced by the values
   * actually used (a rejected value shows as the last good one).
   */
  public ObjectNode effectiveTree() {
    ObjectNode out = tree.deepCopy();
    out.set("log", sectionTree(log));
    out.set("completion", sectionTree(completion));
    out.set("embedded", sectionTree(embedded));
    out.set("privacy", sectionTree(privacy));
    out.set("audit", sectionTree(audit));
    out.set("workflow", sectionTree(workflow));
    return out;
  }

  private static ObjectNode sectionTree(Record section) {
    ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (var component : section.getClass().getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(section);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      String name = component.getName();
      if (value instanceof Enum<?> e) {
        node.put(name, SettingsReader.settingName(e));
      } else if (value instanceof Integer i) {
        node.put(name, i);
      } else if (value instanceof Boolean b) {
        node.put(name, b);
      } else if (value instanceof List<?> list) {
        var array = node.putArray(name);
        list.forEach(v -> array.add(String.valueOf(v)));
      } else if (value != null) {
        node.put(name, value.toString());
      }
    }
    return node;
  }

  /** A sub-tree of the merged settings (e.g. {@code models}), or null. */
  public JsonNode section(String name) {
    return tree.get(name);
  }
}

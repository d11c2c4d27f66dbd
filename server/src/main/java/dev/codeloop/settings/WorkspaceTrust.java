package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.files.RealPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The workspace trust decision and what it lets a workspace's {@code .codeloop.json} set, in the
 * spirit of VS Code's Workspace Trust. A workspace is untrusted until the user trusts it: every
 * root lies inside a folder listed in {@code trustedWorkspaces} of the user settings file or of the
 * client's {@code initializationOptions} (paths compared after resolving symbolic links).
 *
 * <ul>
 *   <li>Untrusted: the workspace file may set only {@link #UNTRUSTED_ALLOWED harmless preferences};
 *       everything that decides where data goes, what is logged or what runs is ignored and listed.
 *   <li>Trusted or not: the workspace file never chooses which secret is sent ({@code apiKey} and
 *       {@code apiKeyEnv} are removed, and a model it defines gets no key at all), never redefines
 *       a model the user or the built-in defaults define, and never sets {@code trustedWorkspaces}.
 * </ul>
 */
public final class WorkspaceTrust {
  /** A section only the user settings file may set (the egress audit). */
  public static final String USER_FILE_ONLY = "audit";

  /** The key of the trusted folders list in the user file and initializationOptions. */
  public static final String TRUSTED_WORKSPACES = "trustedWorkspaces";

  /**
   * What an untrusted workspace may set: completion style and timing, the embedded model's
   * switches, and custom actions (their prompt wording; their targets are contained in the
   * workspace).
   */
  static final Set<String> UNTRUSTED_ALLOWED =
      Set.of(
          "completion.style",
          "completion.debounceMs",
          "completion.maxCandidates",
          "completion.cacheEntries",
          "completion.maxLines",
          "completion.contextChars",
          "completion.otherDocumentsContext",
          "codeActions.enabled",
          "codeActions.custom",
          "embedded.enabled",
          "embedded.indexWorkspace");

  /** Model names the built-in defaults define: a workspace file never redefines them. */
  static final Set<String> BUILT_IN_MODELS =
      Set.of("embedded", "openai", "anthropic", "gemini", "ollama");

  /** The workspace file's tree as it may take effect, and every path that was ignored. */
  public record Filtered(ObjectNode tree, List<String> ignored) {}

  private WorkspaceTrust() {}

  /** Whether every root lies inside one of the trusted folders (an empty workspace is not). */
  public static boolean trusted(List<Path> roots, List<Path> trustedFolders) {
    if (roots.isEmpty() || trustedFolders.isEmpty()) {
      return false;
    }
    List<Path> folders = trustedFolders.stream().map(RealPaths::of).toList();
    for (Path root : roots) {
      Path r = RealPaths.of(root);
      if (folders.stream().noneMatch(r::startsWith)) {
        return false;
      }
    }
    return true;
  }

  /** The absolute paths listed under {@code trustedWorkspaces} in a layer's tree. */
  static List<Path> trustedFolders(JsonNode layer) {
    List<Path> out = new ArrayList<>();
    if (layer == null) {
      return out;
    }
    JsonNode list = layer.get(TRUSTED_WORKSPACES);
    if (list == null || !list.isArray()) {
      return out;
    }
    for (JsonNode n : list) {
      if (n.isTextual()) {
        try {
          Path p = Path.of(n.textValue());
          if (p.isAbsolute()) {
            out.add(p.normalize());
          }
        } catch (java.nio.file.InvalidPathException e) {
          // not a path: ignored (reported by validation)
        }
      }
    }
    return out;
  }

  /**
   * What of the workspace file may take effect.
   *
   * @param userModels the model names the user file and the defaults define
   */
  public static Filtered filter(ObjectNode workspace, boolean trusted, Set<String> userModels) {
    ObjectNode tree = workspace.deepCopy();
    List<String> ignored = new ArrayList<>();
    for (String userOnly : List.of(TRUSTED_WORKSPACES, USER_FILE_ONLY)) {
      if (tree.remove(userOnly) != null) {
        ignored.add(userOnly);
      }
    }
    if (!trusted) {
      keepOnly(tree, "", ignored);
      return new Filtered(tree, List.copyOf(ignored));
    }
    JsonNode models = tree.get("models");
    if (models != null && models.isObject()) {
      List<String> names = new ArrayList<>();
      models.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode entry = models.get(name);
        if (userModels.contains(name) || BUILT_IN_MODELS.contains(name)) {
          ((ObjectNode) models).remove(name);
          ignored.add("models." + name);
          continue;
        }
        if (entry.isObject()) {
          ObjectNode e = (ObjectNode) entry;
          if (e.remove("apiKey") != null) {
            ignored.add("models." + name + ".apiKey");
          }
          if (e.has("apiKeyEnv") && !e.get("apiKeyEnv").isNull()) {
            ignored.add("models." + name + ".apiKeyEnv");
          }
          // A model the workspace defines is sent no key: not one it names, not its provider's.
          e.putNull("apiKeyEnv");
        }
      }
    }
    return new Filtered(tree, List.copyOf(ignored));
  }

  /**
   * A layer other than the workspace file without what that layer may not set: only the user file
   * and the client's initializationOptions say which folders are trusted, and only the user file
   * sets the egress audit. Returns {@code tree} itself when there is nothing to remove.
   */
  static ObjectNode withoutKeysReservedFromIt(ObjectNode tree, SettingsLayer layer) {
    boolean trustList =
        layer != SettingsLayer.USER_FILE
            && layer != SettingsLayer.INITIALIZATION_OPTIONS
            && tree.has(TRUSTED_WORKSPACES);
    boolean audit =
        layer != SettingsLayer.USER_FILE
            && layer != SettingsLayer.DEFAULTS
            && tree.has(USER_FILE_ONLY);
    if (!trustList && !audit) {
      return tree;
    }
    ObjectNode out = tree.deepCopy();
    if (trustList) {
      out.remove(TRUSTED_WORKSPACES);
    }
    if (audit) {
      out.remove(USER_FILE_ONLY);
    }
    return out;
  }

  /** Removes every leaf not in the allowlist; records each removed path. */
  private static void keepOnly(ObjectNode node, String prefix, List<String> ignored) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      JsonNode child = node.get(name);
      if (UNTRUSTED_ALLOWED.contains(path)) {
        continue;
      }
      boolean allowedBelow = UNTRUSTED_ALLOWED.stream().anyMatch(a -> a.startsWith(path + "."));
      if (allowedBelow && child.isObject()) {
        keepOnly((ObjectNode) child, path, ignored);
        if (child.isEmpty()) {
          node.remove(name);
        }
      } else {
        node.remove(name);
        ignored.add(path);
      }
    }
  }
}

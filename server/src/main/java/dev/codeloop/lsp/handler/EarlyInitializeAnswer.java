package dev.codeloop.lsp.handler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import dev.codeloop.lsp.capability.InitializeTree;
import dev.codeloop.lsp.capability.ServerCapabilitiesFactory;
import dev.codeloop.lsp.capability.ServerCapabilitiesFactory.CompletionPlan;
import dev.codeloop.lsp.jsonrpc.GsonStrings;
import dev.codeloop.lsp.jsonrpc.JsonTree;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code initialize} result computed from the message's JSON tree alone, before LSP4J, Jackson,
 * the settings store and the session exist (they are built meanwhile on another thread): the same
 * result, byte for byte, that {@link InitializeHandler} and {@link ServerCapabilitiesFactory} give
 * through LSP4J. Settings matter to it only through {@code completion.style}; when a settings layer
 * sets it in a way this class does not evaluate (a workspace or user file, an invalid value), or
 * when the params are not certainly what LSP4J accepts, there is no early answer and the session
 * answers as always. Tests hold both paths equal.
 */
public final class EarlyInitializeAnswer {
  private final Optional<Path> userSettingsFile;
  private final List<String> commands;
  private final String version;

  /**
   * @param userSettingsFile the user's settings file (as the session loads it)
   * @param commands the command ids the session registers, sorted
   * @param version the server's version (its {@code serverInfo})
   */
  public EarlyInitializeAnswer(
      Optional<Path> userSettingsFile, List<String> commands, String version) {
    this.userSettingsFile = userSettingsFile;
    this.commands = List.copyOf(commands);
    this.version = version;
  }

  /**
   * An unusable {@code rootPath} makes the early answer unsure. A class, as the rest of this path
   * uses no lambda: the process's first lambda costs milliseconds before the answer.
   */
  private static final Consumer<String> UNSURE_OF_ROOT_PATH =
      new Consumer<>() {
        @Override
        public void accept(String why) {
          throw new InitializeTree.Unsure("rootPath");
        }
      };

  /** The {@code InitializeResult} as JSON, or empty when only the session can be sure of it. */
  public Optional<String> resultJson(JsonObject params) {
    try {
      InitializeTree.Params p = InitializeTree.read(params);
      List<Path> roots =
          WorkspaceRoots.of(p.folderUris(), p.rootUri(), p.rootPath(), UNSURE_OF_ROOT_PATH);
      CompletionStyle style = style(p.initializationOptions(), roots);
      return Optional.of(json(p.client(), style));
    } catch (InitializeTree.Unsure e) {
      return Optional.empty();
    }
  }

  /**
   * {@code completion.style} as the settings store will have it after {@code initialize}: the
   * initializationOptions layer is the highest one then, so a valid value there wins; otherwise the
   * files must leave the style alone and the built-in default holds.
   */
  private CompletionStyle style(JsonElement initOptions, List<Path> roots) {
    if (initOptions != null) {
      if (!initOptions.isJsonObject()) {
        throw new InitializeTree.Unsure("initializationOptions");
      }
      JsonObject o = initOptions.getAsJsonObject();
      JsonElement layer = o.has("settings") ? o.get("settings") : o;
      if (!layer.isJsonNull()) {
        if (!layer.isJsonObject()) {
          throw new InitializeTree.Unsure("initializationOptions.settings");
        }
        Optional<CompletionStyle> set = styleIn(layer.getAsJsonObject());
        if (set.isPresent()) {
          return set.get();
        }
      }
    }
    if (!roots.isEmpty()) {
      leavesStyleAlone(roots.get(0).resolve(".codeloop.json"));
    }
    if (userSettingsFile.isPresent()) {
      leavesStyleAlone(userSettingsFile.get());
    }
    return CompletionStyle.AUTO; // the built-in default; a test holds it to default-settings
  }

  private static Optional<CompletionStyle> styleIn(JsonObject layer) {
    JsonElement completion = layer.get("completion");
    if (completion == null) {
      return Optional.empty();
    }
    if (!completion.isJsonObject()) {
      throw new InitializeTree.Unsure("completion");
    }
    JsonElement style = completion.getAsJsonObject().get("style");
    if (style == null) {
      return Optional.empty();
    }
    if (style.isJsonPrimitive() && style.getAsJsonPrimitive().isString()) {
      for (CompletionStyle s : CompletionStyle.values()) {
        // as the schema spells them: one word each, lower case (a test holds them to the reader's
        // names); other spellings the reader also takes are left to the session
        if (s.name().toLowerCase(java.util.Locale.ROOT).equals(style.getAsString())) {
          return Optional.of(s);
        }
      }
    }
    throw new InitializeTree.Unsure("completion.style");
  }

  /** A settings file that does not set {@code completion.style} (or does not exist). */
  private static void leavesStyleAlone(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonElement tree;
    try {
      tree = JsonTree.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new InitializeTree.Unsure(file.toString());
    }
    if (!tree.isJsonObject() || styleIn(tree.getAsJsonObject()).isPresent()) {
      throw new InitializeTree.Unsure(file.toString());
    }
  }

  /** Written as LSP4J's Gson writes {@code ServerCapabilitiesFactory}'s result. */
  private String json(ClientCapabilitiesView client, CompletionStyle style) {
    PositionEncoding encoding = client.negotiateEncoding();
    CompletionPlan plan = ServerCapabilitiesFactory.completionPlan(client, style);
    StringBuilder sb = new StringBuilder(1024);
    sb.append("{\"capabilities\":{\"positionEncoding\":");
    GsonStrings.quote(sb, encoding.lspName());
    sb.append(
        ",\"textDocumentSync\":{\"openClose\":true,\"change\":2,\"save\":{\"includeText\":false}}");
    if (plan.list()) {
      sb.append(",\"completionProvider\":{\"resolveProvider\":false,\"triggerCharacters\":");
      strings(sb, ServerCapabilitiesFactory.TRIGGER_CHARACTERS);
      sb.append('}');
    }
    sb.append(",\"codeActionProvider\":{\"codeActionKinds\":");
    strings(sb, ServerCapabilitiesFactory.CODE_ACTION_KINDS);
    sb.append(",\"resolveProvider\":").append(client.codeActionResolve()).append('}');
    sb.append(",\"executeCommandProvider\":{\"commands\":");
    strings(sb, commands);
    sb.append(
        "},\"workspace\":{\"workspaceFolders\":{\"supported\":true,\"changeNotifications\":true}}");
    if (client.pullDiagnostics()) {
      sb.append(",\"diagnosticProvider\":{\"identifier\":");
      GsonStrings.quote(sb, ServerCapabilitiesFactory.DIAGNOSTIC_IDENTIFIER);
      sb.append(",\"interFileDependencies\":true,\"workspaceDiagnostics\":true}");
    }
    if (plan.inline()) {
      sb.append(",\"inlineCompletionProvider\":{}");
    }
    sb.append("},\"serverInfo\":{\"name\":\"codeloop\",\"version\":");
    GsonStrings.quote(sb, version);
    return sb.append("}}").toString();
  }

  private static void strings(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      GsonStrings.quote(sb, values.get(i));
    }
    sb.append(']');
  }
}

package dev.codeloop.lsp.capability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code initialize} params from the JSON tree itself, without LSP4J's typed classes (which
 * cost hundreds of milliseconds to load on a cold JVM): what the early answer needs. Strict: a
 * field it reads must have exactly the JSON type LSP4J's classes declare, and a field LSP4J
 * requires must be there; otherwise {@link Unsure} is thrown and the server answers through LSP4J
 * as always.
 */
public final class InitializeTree {
  /** The params are not certainly what LSP4J would accept: leave them to LSP4J. */
  public static final class Unsure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unsure(String why) {
      super(why, null, false, false);
    }
  }

  private static final Set<String> PARAMS =
      Set.of(
          "processId",
          "rootPath",
          "rootUri",
          "initializationOptions",
          "capabilities",
          "clientInfo",
          "locale",
          "trace",
          "workspaceFolders",
          "workDoneToken");

  private InitializeTree() {}

  /** What {@code initialize} params say, read from the tree. */
  public record Params(
      ClientCapabilitiesView client,
      List<String> folderUris,
      String rootUri,
      String rootPath,
      JsonElement initializationOptions) {}

  /**
   * Checks the params' top level field by field (as LSP4J's {@code InitializeParams} declares them)
   * and reads the capabilities the server uses.
   *
   * @throws Unsure when anything is not certainly what LSP4J accepts
   */
  public static Params read(JsonObject params) {
    for (String key : params.keySet()) {
      if (!PARAMS.contains(key)) {
        throw new Unsure("unknown field " + key);
      }
    }
    integer(params, "processId");
    string(params, "rootPath");
    string(params, "rootUri");
    string(params, "locale");
    string(params, "trace");
    JsonObject info = object(params, "clientInfo");
    if (info != null) {
      require(string(info, "name"), "clientInfo.name");
      string(info, "version");
    }
    JsonElement token = params.get("workDoneToken");
    if (token != null && !token.isJsonNull()) {
      if (!isString(token) && !isInt(token)) {
        throw new Unsure("workDoneToken");
      }
    }
    List<String> folders = new ArrayList<>();
    JsonArray ws = array(params, "workspaceFolders");
    if (ws != null) {
      for (JsonElement f : ws) {
        if (!f.isJsonObject()) {
          throw new Unsure("workspaceFolders");
        }
        folders.add(require(string(f.getAsJsonObject(), "uri"), "workspaceFolders[].uri"));
        require(string(f.getAsJsonObject(), "name"), "workspaceFolders[].name");
      }
    }
    JsonObject caps = require(object(params, "capabilities"), "capabilities");
    JsonElement options = params.get("initializationOptions");
    return new Params(
        view(caps),
        List.copyOf(folders),
        string(params, "rootUri"),
        string(params, "rootPath"),
        options == null || options.isJsonNull() ? null : options);
  }

  /** The client's capabilities as {@link ClientCapabilitiesView#of} reads them from LSP4J's. */
  static ClientCapabilitiesView view(JsonObject c) {
    JsonObject general = object(c, "general");
    JsonObject text = object(c, "textDocument");
    JsonObject window = object(c, "window");
    JsonObject ws = object(c, "workspace");
    List<String> encodings = general == null ? null : strings(general, "positionEncodings");
    boolean inline = text != null && object(text, "inlineCompletion") != null;
    JsonObject completion = text == null ? null : object(text, "completion");
    JsonObject item = completion == null ? null : object(completion, "completionItem");
    boolean snippets = item != null && Boolean.TRUE.equals(bool(item, "snippetSupport"));
    JsonObject list = completion == null ? null : object(completion, "completionList");
    List<String> itemDefaults = list == null ? null : strings(list, "itemDefaults");
    JsonObject ca = text == null ? null : object(text, "codeAction");
    JsonObject resolve = ca == null ? null : object(ca, "resolveSupport");
    List<String> resolveProps =
        resolve == null ? List.of() : require(strings(resolve, "properties"), "properties");
    JsonObject literal = ca == null ? null : object(ca, "codeActionLiteralSupport");
    if (literal != null) {
      require(
          strings(require(object(literal, "codeActionKind"), "codeActionKind"), "valueSet"),
          "valueSet");
    }
    boolean progress = window != null && Boolean.TRUE.equals(bool(window, "workDoneProgress"));
    JsonObject show = window == null ? null : object(window, "showDocument");
    boolean showDoc = show != null && require(bool(show, "support"), "showDocument.support");
    boolean applyEdit = ws != null && Boolean.TRUE.equals(bool(ws, "applyEdit"));
    JsonObject we = ws == null ? null : object(ws, "workspaceEdit");
    boolean docChanges = we != null && Boolean.TRUE.equals(bool(we, "documentChanges"));
    List<String> ops = we == null ? null : strings(we, "resourceOperations");
    boolean configPull = ws != null && Boolean.TRUE.equals(bool(ws, "configuration"));
    JsonObject dcc = ws == null ? null : object(ws, "didChangeConfiguration");
    boolean dynConfig = dcc != null && Boolean.TRUE.equals(bool(dcc, "dynamicRegistration"));
    boolean pull = text != null && object(text, "diagnostic") != null;
    JsonObject diagnostics = ws == null ? null : object(ws, "diagnostics");
    boolean refresh =
        diagnostics != null && Boolean.TRUE.equals(bool(diagnostics, "refreshSupport"));
    JsonElement experimental = c.get("experimental");
    boolean status = false;
    if (experimental != null && experimental.isJsonObject()) {
      JsonElement v = experimental.getAsJsonObject().get("codeloopStatus");
      status =
          v != null
              && v.isJsonPrimitive()
              && v.getAsJsonPrimitive().isBoolean()
              && v.getAsBoolean();
    }
    return new ClientCapabilitiesView(
        encodings == null ? List.of() : encodings,
        inline,
        snippets,
        itemDefaults == null ? List.of() : itemDefaults,
        !resolveProps.isEmpty() && resolveProps.contains("edit"),
        resolveProps,
        literal != null,
        progress,
        showDoc,
        applyEdit,
        docChanges,
        ops != null && ops.contains("create"),
        configPull,
        dynConfig,
        pull,
        refresh,
        status);
  }

  /**
   * The params with only the capabilities {@link #view} reads (each already checked): what LSP4J is
   * given when it cannot read a capability the server does not use, after the early answer was
   * sent. The result reads as the same {@link ClientCapabilitiesView}.
   */
  public static JsonObject withUsedCapabilitiesOnly(JsonObject params) {
    JsonObject c = params.getAsJsonObject("capabilities");
    JsonObject kept = new JsonObject();
    copy(c, kept, "general", "positionEncodings");
    copy(c, kept, "textDocument", "inlineCompletion");
    copy(c, kept, "textDocument", "completion", "completionItem", "snippetSupport");
    copy(c, kept, "textDocument", "completion", "completionList", "itemDefaults");
    copy(c, kept, "textDocument", "codeAction", "resolveSupport", "properties");
    copy(
        c,
        kept,
        "textDocument",
        "codeAction",
        "codeActionLiteralSupport",
        "codeActionKind",
        "valueSet");
    copy(c, kept, "textDocument", "diagnostic");
    copy(c, kept, "window", "workDoneProgress");
    copy(c, kept, "window", "showDocument", "support");
    copy(c, kept, "workspace", "applyEdit");
    copy(c, kept, "workspace", "workspaceEdit", "documentChanges");
    copy(c, kept, "workspace", "workspaceEdit", "resourceOperations");
    copy(c, kept, "workspace", "configuration");
    copy(c, kept, "workspace", "didChangeConfiguration", "dynamicRegistration");
    copy(c, kept, "workspace", "diagnostics", "refreshSupport");
    copy(c, kept, "experimental");
    JsonObject out = params.deepCopy();
    out.add("capabilities", kept);
    return out;
  }

  /** Copies the value at {@code path} (an object present there is copied empty if it is a leaf). */
  private static void copy(JsonObject from, JsonObject to, String... path) {
    JsonObject src = from;
    JsonObject dst = to;
    for (int i = 0; i < path.length; i++) {
      JsonElement v = src.get(path[i]);
      if (v == null || v.isJsonNull()) {
        return;
      }
      if (i == path.length - 1) {
        dst.add(
            path[i],
            v.isJsonObject() && !path[i].equals("experimental") ? new JsonObject() : v.deepCopy());
        return;
      }
      src = v.getAsJsonObject();
      JsonElement existing = dst.get(path[i]);
      if (existing == null) {
        existing = new JsonObject();
        dst.add(path[i], existing);
      }
      dst = existing.getAsJsonObject();
    }
  }

  private static <T> T require(T value, String what) {
    if (value == null) {
      throw new Unsure(what + " missing");
    }
    return value;
  }

  static JsonObject object(JsonObject o, String key) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!v.isJsonObject()) {
      throw new Unsure(key);
    }
    return v.getAsJsonObject();
  }

  private static JsonArray array(JsonObject o, String key) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!v.isJsonArray()) {
      throw new Unsure(key);
    }
    return v.getAsJsonArray();
  }

  static String string(JsonObject o, String key) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!isString(v)) {
      throw new Unsure(key);
    }
    return v.getAsString();
  }

  static Boolean bool(JsonObject o, String key) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean())) {
      throw new Unsure(key);
    }
    return v.getAsBoolean();
  }

  private static void integer(JsonObject o, String key) {
    JsonElement v = o.get(key);
    if (v != null && !v.isJsonNull() && !isInt(v)) {
      throw new Unsure(key);
    }
  }

  private static List<String> strings(JsonObject o, String key) {
    JsonArray a = array(o, key);
    if (a == null) {
      return null;
    }
    List<String> out = new ArrayList<>(a.size());
    for (JsonElement e : a) {
      if (!isString(e)) {
        throw new Unsure(key);
      }
      out.add(e.getAsString());
    }
    return List.copyOf(out);
  }

  private static boolean isString(JsonElement v) {
    return v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
  }

  /** A plain integer literal in {@code int} range (no fraction, no exponent). */
  static boolean isInt(JsonElement v) {
    if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber())) {
      return false;
    }
    String s = v.getAsJsonPrimitive().getAsString();
    if (!s.matches("-?[0-9]{1,10}")) {
      return false;
    }
    long n = Long.parseLong(s);
    return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE;
  }
}

package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.files.RealPaths;
import dev.codeloop.settings.SettingsLayer;
import dev.codeloop.settings.SettingsStore;
import dev.codeloop.settings.WorkspaceTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code codeloop.trustWorkspace [trust?]}: records that the user trusts (or, with {@code false},
 * no longer trusts) the open workspace's roots in {@code trustedWorkspaces} of the user settings
 * file, then reloads that file so the decision takes effect at once. Only the user's own file is
 * written; a workspace can never trust itself.
 */
public final class TrustWorkspaceCommand implements CommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TrustWorkspaceCommand.class);

  private final SettingsStore settings;
  private final Optional<Path> userFile;
  private final Supplier<List<Path>> roots;
  private final ObjectMapper mapper;

  public TrustWorkspaceCommand(
      SettingsStore settings,
      Optional<Path> userFile,
      Supplier<List<Path>> roots,
      ObjectMapper mapper) {
    this.settings = settings;
    this.userFile = userFile;
    this.roots = roots;
    this.mapper = mapper;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    boolean trust =
        invocation.argument(0).filter(JsonNode::isBoolean).map(JsonNode::booleanValue).orElse(true);
    Path file =
        userFile.orElseThrow(
            () ->
                CodeloopException.invalidParams(
                    invocation.command()
                        + ": no user settings file (set HOME or XDG_CONFIG_HOME) to record the"
                        + " decision in"));
    List<Path> workspace = roots.get();
    if (workspace.isEmpty()) {
      throw CodeloopException.invalidParams(
          invocation.command() + ": no workspace folder is open, so there is nothing to trust");
    }
    ObjectNode tree = read(file);
    Set<String> listed = new LinkedHashSet<>();
    JsonNode old = tree.get(WorkspaceTrust.TRUSTED_WORKSPACES);
    if (old != null && old.isArray()) {
      old.forEach(n -> listed.add(n.asText()));
    }
    for (Path root : workspace) {
      String p = RealPaths.of(root).toString();
      if (trust) {
        listed.add(p);
      } else {
        listed.remove(p);
        listed.remove(root.toAbsolutePath().normalize().toString());
      }
    }
    ArrayNode list = tree.putArray(WorkspaceTrust.TRUSTED_WORKSPACES);
    listed.forEach(list::add);
    write(file, tree);
    settings.loadFile(SettingsLayer.USER_FILE, file);
    boolean now = settings.trust().trusted();
    LOG.info("workspace {} {} (recorded in {})", workspace, now ? "trusted" : "not trusted", file);
    ObjectNode out = mapper.createObjectNode();
    out.put("trusted", now);
    out.put("file", file.toString());
    ArrayNode r = out.putArray("roots");
    workspace.forEach(p -> r.add(p.toString()));
    if (trust && !now) {
      out.put(
          "message",
          "recorded, but a root is still outside every trusted folder (a symbolic link?)");
    }
    return out;
  }

  private ObjectNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      return mapper.createObjectNode();
    }
    try {
      return settings.json().parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException | IllegalArgumentException e) {
      throw CodeloopException.invalidParams(
          "cannot record the trust decision: the user settings file "
              + file
              + " is not readable JSON ("
              + e.getMessage()
              + "); fix it and try again");
    }
  }

  private void write(Path file, ObjectNode tree) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".config", ".json.tmp");
      Files.writeString(
          tmp,
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CodeloopException(
          CodeloopException.Kind.REQUEST_FAILED,
          "cannot write the user settings file " + file + ": " + e.getMessage());
    }
  }
}

package dev.codeloop.workspace.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.tool.parse.OutputParser;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.showTools}: the checks and tests of every workspace root, why each was chosen,
 * whether its output parser exists, and whether the workspace is trusted (else nothing runs). Runs
 * nothing.
 */
public final class ShowToolsCommand implements CommandHandler {
  private final ToolDetector detector;
  private final Function<String, Optional<OutputParser>> parsers;
  private final ToolRunCommand.Session session;
  private final ObjectMapper mapper;

  public ShowToolsCommand(
      ToolDetector detector,
      Function<String, Optional<OutputParser>> parsers,
      ToolRunCommand.Session session,
      ObjectMapper mapper) {
    this.detector = detector;
    this.parsers = parsers;
    this.session = session;
    this.mapper = mapper;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    ObjectNode out = mapper.createObjectNode();
    boolean trusted = session.trusted().getAsBoolean();
    out.put("trusted", trusted);
    if (!trusted) {
      out.put(
          "message",
          "the workspace is not trusted: runChecks and runTests run nothing until you trust it"
              + " (command codeloop.trustWorkspace)");
    }
    ArrayNode roots = out.putArray("roots");
    for (Path root : session.roots().get()) {
      ObjectNode r = roots.addObject();
      r.put("root", root.toString());
      ArrayNode tools = r.putArray("tools");
      for (DetectedTool t : detector.detect(root, session.settings().get())) {
        ObjectNode n = tools.addObject();
        n.put("id", t.id());
        n.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
        ArrayNode argv = n.putArray("command");
        t.argv().forEach(argv::add);
        n.put("cwd", t.workingDirectory().toString());
        n.put("parser", t.parser());
        n.put("parserAvailable", !t.parser().isEmpty() && parsers.apply(t.parser()).isPresent());
        n.put("why", t.why());
      }
    }
    return out;
  }
}

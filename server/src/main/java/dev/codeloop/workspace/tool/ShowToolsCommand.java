package dev.codeloop.workspace.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.tool.parse.OutputParser;
import java.nio.file.Path;
import java.util.List;
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
    out.put("markdown", markdown(out, "#"));
    out.put("shown", false);
    return out;
  }

  /**
   * What {@link #execute} found, as a Markdown section (also a part of {@code codeloop.doctor}).
   */
  public String markdown() {
    return markdown((ObjectNode) execute(null, () -> {}), "##");
  }

  /**
   * @param heading the heading level: {@code #} for a document, {@code ##} for a section
   */
  private static String markdown(ObjectNode found, String heading) {
    StringBuilder sb = new StringBuilder(heading + " Checks and tests\n\n");
    if (!found.path("trusted").asBoolean()) {
      sb.append("**Not trusted**: ").append(found.path("message").asText()).append(".\n\n");
    }
    for (JsonNode root : found.path("roots")) {
      sb.append(heading).append("# `").append(root.path("root").asText()).append("`\n\n");
      if (root.path("tools").isEmpty()) {
        sb.append(
            "Nothing detected: set `tools.checks` / `tools.tests` (docs/CONFIGURATION.md).\n\n");
        continue;
      }
      sb.append("| kind | command | parser | why |\n|---|---|---|---|\n");
      for (JsonNode t : root.path("tools")) {
        List<String> argv = new java.util.ArrayList<>();
        t.path("command").forEach(a -> argv.add(a.asText()));
        sb.append("| ")
            .append(t.path("kind").asText())
            .append(" | `")
            .append(String.join(" ", argv).replace("|", "\\|"))
            .append("` | ")
            .append(t.path("parser").asText().isEmpty() ? "—" : t.path("parser").asText())
            .append(
                t.path("parserAvailable").asBoolean() || t.path("parser").asText().isEmpty()
                    ? ""
                    : " (missing)")
            .append(" | ")
            .append(t.path("why").asText().replace("|", "\\|"))
            .append(" |\n");
      }
      sb.append('\n');
    }
    if (found.path("roots").isEmpty()) {
      sb.append("No workspace folder is open.\n");
    }
    return sb.toString();
  }
}

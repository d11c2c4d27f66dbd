package dev.codeloop.completion.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.completionStats}: completions shown and accepted per model and language, as JSON
 * {@code {"completion": [{"model", "language", "shown", "accepted", "acceptanceRate"}]}} (shaped to
 * be merged into {@code codeloop.stats}).
 */
public final class CompletionStatsCommand implements CommandHandler {
  private final AcceptanceStats stats;
  private final ObjectMapper mapper;

  public CompletionStatsCommand(AcceptanceStats stats, ObjectMapper mapper) {
    this.stats = stats;
    this.mapper = mapper;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    ObjectNode result = mapper.createObjectNode();
    ArrayNode rows = result.putArray("completion");
    for (AcceptanceStats.Row r : stats.rows()) {
      rows.addObject()
          .put("model", r.model())
          .put("language", r.language())
          .put("shown", r.shown())
          .put("accepted", r.accepted())
          .put("acceptanceRate", Math.round(r.acceptanceRate() * 1000) / 1000.0);
    }
    return result;
  }
}

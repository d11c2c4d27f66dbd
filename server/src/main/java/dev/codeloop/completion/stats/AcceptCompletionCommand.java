package dev.codeloop.completion.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.acceptCompletion [id]}: attached to every completion item; the editor runs it
 * when the user accepts the suggestion. Returns whether the id was known.
 */
public final class AcceptCompletionCommand implements CommandHandler {
  private final AcceptanceStats stats;

  public AcceptCompletionCommand(AcceptanceStats stats) {
    this.stats = stats;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    return BooleanNode.valueOf(stats.accepted(invocation.requireString(0, "id")));
  }
}

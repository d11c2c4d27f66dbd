package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * One workspace command. Runs on a request thread; returns a JSON result (or null). Throws {@link
 * dev.codeloop.errors.CodeloopException} for bad arguments or failures.
 */
public interface CommandHandler {
  JsonNode execute(CommandInvocation invocation, CancelChecker cancel);
}

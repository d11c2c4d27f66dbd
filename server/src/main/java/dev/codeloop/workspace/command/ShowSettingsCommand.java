package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.settings.SettingsStore;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** {@code codeloop.showSettings}: the effective settings of this session, with secrets redacted. */
public final class ShowSettingsCommand implements CommandHandler {
  private final SettingsStore settings;
  private final ObjectMapper mapper;

  public ShowSettingsCommand(SettingsStore settings, ObjectMapper mapper) {
    this.settings = settings;
    this.mapper = mapper;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    ObjectNode tree = settings.current().effectiveTree();
    JsonNode models = tree.get("models");
    if (models != null && models.isObject()) {
      models.forEach(
          m -> {
            if (m.isObject() && m.has("apiKey")) {
              ((ObjectNode) m).put("apiKey", "***");
            }
          });
    }
    ObjectNode result = mapper.createObjectNode();
    result.set("settings", tree);
    return result;
  }
}

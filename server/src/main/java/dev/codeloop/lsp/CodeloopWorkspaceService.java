package dev.codeloop.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.lsp.handler.ConfigurationHandler;
import dev.codeloop.lsp.handler.DocumentResults;
import dev.codeloop.lsp.handler.WorkspaceDiagnosticHandler;
import dev.codeloop.lsp.handler.WorkspaceFoldersHandler;
import dev.codeloop.model.ModelOverrideGateway;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.CommandRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.services.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes workspace notifications and {@code workspace/executeCommand} to handlers. */
public final class CodeloopWorkspaceService implements WorkspaceService {
  private static final Logger LOG = LoggerFactory.getLogger(CodeloopWorkspaceService.class);

  private final CommandRegistry commands;
  private final RequestRunner requests;
  private final JsonConvert json;
  private final ConfigurationHandler configuration;
  private final ModelOverrideGateway modelOverride;
  private final WorkspaceFoldersHandler folders;
  private final WorkspaceDiagnosticHandler diagnostics;

  public CodeloopWorkspaceService(
      CommandRegistry commands,
      RequestRunner requests,
      JsonConvert json,
      ConfigurationHandler configuration,
      ModelOverrideGateway modelOverride,
      WorkspaceFoldersHandler folders,
      WorkspaceDiagnosticHandler diagnostics) {
    this.diagnostics = diagnostics;
    this.modelOverride = modelOverride;
    this.folders = folders;
    this.commands = commands;
    this.requests = requests;
    this.json = json;
    this.configuration = configuration;
  }

  @Override
  public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
    String id = params.getCommand();
    List<JsonNode> args = new ArrayList<>();
    if (params.getArguments() != null) {
      for (Object a : params.getArguments()) {
        args.add(json.toJackson(a));
      }
    }
    var handler = commands.require(id);
    // A trailing {"model": "<name>"} picks the model for this one command (the route still
    // follows).
    String model = null;
    if (!args.isEmpty()) {
      JsonNode last = args.get(args.size() - 1);
      if (last != null && last.isObject() && last.size() == 1 && last.path("model").isTextual()) {
        model = last.get("model").textValue();
        args.remove(args.size() - 1);
      }
    }
    String chosen = model;
    // The override is read when the handler starts its model request, inside withModel.
    return requests.runAsync(
        "workspace/executeCommand " + id,
        cancel -> {
          CompletableFuture<JsonNode> result =
              chosen == null
                  ? handler.executeAsync(new CommandInvocation(id, args), cancel)
                  : modelOverride.withModel(
                      chosen, () -> handler.executeAsync(new CommandInvocation(id, args), cancel));
          return Futures.cancelling(
              result.thenApply(r -> json.toGson(DocumentResults.present(id, r))), result);
        });
  }

  @Override
  public CompletableFuture<WorkspaceDiagnosticReport> diagnostic(WorkspaceDiagnosticParams params) {
    return requests.run("workspace/diagnostic", cancel -> diagnostics.diagnostic(params));
  }

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    configuration.didChangeConfiguration(params.getSettings());
  }

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    LOG.debug(
        "didChangeWatchedFiles: {} changes",
        params.getChanges() == null ? 0 : params.getChanges().size());
  }

  @Override
  public void didChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams params) {
    folders.handle(params);
  }
}

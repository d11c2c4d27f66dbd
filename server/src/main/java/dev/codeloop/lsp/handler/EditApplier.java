package dev.codeloop.lsp.handler;

import dev.codeloop.action.ActionResult;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.convert.WorkspaceEditFactory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Converts edit results for this client and, for the command path, applies them with {@code
 * workspace/applyEdit} (waiting on a request thread, never on the dispatch thread).
 */
public final class EditApplier {
  private final SessionContext context;
  private final WorkspaceEditFactory factory;
  private final Duration timeout;

  public EditApplier(SessionContext context, WorkspaceEditFactory factory, Duration timeout) {
    this.context = context;
    this.factory = factory;
    this.timeout = timeout;
  }

  /** The workspace edit for this client; files the client cannot create are created empty here. */
  public WorkspaceEdit prepare(ActionResult.Edits edits) {
    WorkspaceEditFactory.Converted converted = factory.convert(edits, context.capabilities());
    for (Path p : converted.filesToCreate()) {
      try {
        Files.createDirectories(p.getParent());
        Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        // fine: the edit inserts at its start
      } catch (IOException e) {
        throw CodeloopException.requestFailed("Cannot create " + p + ": " + e.getMessage());
      }
    }
    return converted.edit();
  }

  /** Applies the edit through the client; ContentModified when the client refused it. */
  public void apply(ActionResult.Edits edits, String label) {
    if (!context.capabilities().applyEdit()) {
      throw CodeloopException.requestFailed(
          "The editor cannot apply edits sent by the server (workspace.applyEdit); use a client that"
              + " supports codeAction/resolve or applyEdit");
    }
    ApplyWorkspaceEditParams params = new ApplyWorkspaceEditParams(prepare(edits), label);
    ApplyWorkspaceEditResponse response;
    try {
      response = context.client().applyEdit(params).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw CodeloopException.requestFailed("The editor did not apply the edit: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CodeloopException.requestFailed("interrupted while applying the edit");
    }
    if (response == null || !response.isApplied()) {
      String why =
          response == null || response.getFailureReason() == null
              ? ""
              : ": " + response.getFailureReason();
      throw CodeloopException.contentModified(
          "The editor refused the edit (the document probably changed)" + why);
    }
  }
}

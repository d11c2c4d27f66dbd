package dev.codeloop.lsp.handler;

import dev.codeloop.action.ActionResult;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.convert.WorkspaceEditFactory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Converts edit results for this client and, for the command path, applies them with {@code
 * workspace/applyEdit} (composing the client's answer; no thread waits for it).
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

  /**
   * Applies the edit through the client; the future fails with ContentModified when the client
   * refused it. Composes the client's answer (up to the timeout), never waits on a thread.
   */
  public CompletableFuture<Void> applyAsync(ActionResult.Edits edits, String label) {
    return Futures.now(
        () -> {
          if (!context.capabilities().applyEdit()) {
            throw CodeloopException.requestFailed(
                "The editor cannot apply edits sent by the server (workspace.applyEdit); use a"
                    + " client that supports codeAction/resolve or applyEdit");
          }
          ApplyWorkspaceEditParams params = new ApplyWorkspaceEditParams(prepare(edits), label);
          return context
              .client()
              .applyEdit(params)
              .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .handle(
                  (response, failure) -> {
                    if (failure != null) {
                      Throwable t = Futures.unwrap(failure);
                      throw CodeloopException.requestFailed(
                          "The editor did not apply the edit: "
                              + (t instanceof TimeoutException
                                  ? "no answer within " + timeout.toSeconds() + " s"
                                  : t.toString()));
                    }
                    if (response == null || !response.isApplied()) {
                      String why =
                          response == null || response.getFailureReason() == null
                              ? ""
                              : ": " + response.getFailureReason();
                      throw CodeloopException.contentModified(
                          "The editor refused the edit (the document probably changed)" + why);
                    }
                    return null;
                  });
        });
  }
}

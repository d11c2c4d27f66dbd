package dev.codeloop.action;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** One system + user prompt to a task's route; an empty answer is an error. */
public final class ModelPrompter {
  private final ModelGateway models;

  public ModelPrompter(ModelGateway models) {
    this.models = models;
  }

  /**
   * The model's answer; the future fails with a {@link java.util.concurrent.CancellationException}
   * once {@code cancel} trips, with a {@link dev.codeloop.model.ModelException} when no model
   * answered. Cancelling it cancels the model request.
   */
  public CompletableFuture<String> askAsync(
      Task task, String system, String user, CancelChecker cancel) {
    return askAsync(task, system, user, List.of(), cancel);
  }

  /**
   * {@link #askAsync(Task, String, String, CancelChecker)} naming the workspace files whose content
   * the prompt includes (for the egress audit).
   */
  public CompletableFuture<String> askAsync(
      Task task, String system, String user, List<String> files, CancelChecker cancel) {
    return replyAsync(task, system, user, files, cancel).thenApply(ModelReply::text);
  }

  /**
   * {@link #askAsync(Task, String, String, List, CancelChecker)} answering the whole reply (which
   * model, token usage) for callers that keep a budget.
   */
  public CompletableFuture<ModelReply> replyAsync(
      Task task, String system, String user, List<String> files, CancelChecker cancel) {
    return Futures.now(
        () -> {
          cancel.checkCanceled();
          CompletableFuture<ModelReply> reply =
              models.completeAsync(
                  ModelRequest.chat(task, List.of(ChatTurn.system(system), ChatTurn.user(user)))
                      .withFiles(files),
                  cancel);
          return Futures.cancelling(
              reply.thenApply(
                  r -> {
                    cancel.checkCanceled();
                    if (r.text().isBlank()) {
                      throw CodeloopException.requestFailed(
                          "The model '"
                              + r.model()
                              + "' gave an empty answer; nothing was changed");
                    }
                    return r;
                  }),
              reply);
        });
  }
}

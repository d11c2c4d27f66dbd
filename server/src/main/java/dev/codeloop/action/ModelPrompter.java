package dev.codeloop.action;

import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** One system + user prompt to a task's route; an empty answer is an error. */
public final class ModelPrompter {
  private final ModelGateway models;

  public ModelPrompter(ModelGateway models) {
    this.models = models;
  }

  public String ask(Task task, String system, String user, CancelChecker cancel) {
    cancel.checkCanceled();
    ModelReply reply =
        models.complete(
            ModelRequest.chat(task, List.of(ChatTurn.system(system), ChatTurn.user(user))), cancel);
    cancel.checkCanceled();
    if (reply.text().isBlank()) {
      throw CodeloopException.requestFailed(
          "The model '" + reply.model() + "' gave an empty answer; nothing was changed");
    }
    return reply.text();
  }
}

package dev.codeloop.chat;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionProvider;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.command.Commands;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** On a chat file, "Send to Codeloop" runs the {@code codeloop.chat} command on it. */
public final class ChatActionProvider implements ActionProvider {
  public static final String ID = "chat";
  public static final String COMMAND = Commands.CHAT;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    if (!ChatTranscript.isChatFile(context.snapshot().uri())) {
      return List.of();
    }
    return List.of(
        ActionProposal.answer("Send to Codeloop chat", ActionKinds.CHAT, ID, Task.CHAT)
            .withCommand(COMMAND));
  }

  @Override
  public ActionResult resolve(ResolveRequest request, CancelChecker cancel) {
    throw CodeloopException.invalidParams("the chat runs through the " + COMMAND + " command");
  }
}

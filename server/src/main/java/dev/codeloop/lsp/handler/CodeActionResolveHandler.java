package dev.codeloop.lsp.handler;

import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionResult;
import dev.codeloop.lsp.convert.ActionDataCodec;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeAction/resolve}: does the work from the action's data (snapshot at the proposed
 * version, else ContentModified; cancelled when the document moves on) and fills in a minimal
 * {@code WorkspaceEdit}. Actions that run through a command are returned unchanged.
 */
public final class CodeActionResolveHandler {
  private final ActionEngine engine;
  private final ActionDataCodec codec;
  private final EditApplier edits;
  private final AnswerPresenter answers;

  public CodeActionResolveHandler(
      ActionEngine engine, ActionDataCodec codec, EditApplier edits, AnswerPresenter answers) {
    this.engine = engine;
    this.codec = codec;
    this.edits = edits;
    this.answers = answers;
  }

  public CodeAction resolve(CodeAction action, CancelChecker cancel) {
    if (action.getCommand() != null || action.getEdit() != null) {
      return action;
    }
    ActionData data = codec.decode(action.getData());
    ActionResult result = engine.resolve(data, cancel);
    if (result instanceof ActionResult.Edits e) {
      action.setEdit(edits.prepare(e));
    } else if (result instanceof ActionResult.Answer a) {
      // Prose normally runs through the command; if it reaches resolve, show it from here.
      answers.show(a);
    }
    return action;
  }
}

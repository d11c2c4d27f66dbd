package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.TextRange;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextPosition;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.workspace.command.AsyncCommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Runs a code action through a command: {@code codeloop.applyAction [actionData, instruction?]}
 * (the fallback for clients that cannot resolve, and the path of prose actions), and workflow
 * commands bound to one provider such as {@code codeloop.plan}, which also take {@code
 * [instruction?, uri, range?]}. The result is applied with {@code workspace/applyEdit} or shown as
 * a document.
 */
public final class ActionCommandHandler implements AsyncCommandHandler {
  private final Optional<String> boundProvider;
  private final ActionEngine engine;
  private final DocumentStore documents;
  private final CommandArguments arguments;
  private final EditApplier edits;
  private final AnswerPresenter answers;
  private final ObjectMapper mapper;
  private final WorkProgress progress;

  /**
   * @param boundProvider for a workflow command, the provider positional arguments run (empty for
   *     {@code codeloop.applyAction}, which needs action data)
   */
  public ActionCommandHandler(
      Optional<String> boundProvider,
      ActionEngine engine,
      DocumentStore documents,
      CommandArguments arguments,
      EditApplier edits,
      AnswerPresenter answers,
      ObjectMapper mapper,
      WorkProgress progress) {
    this.boundProvider = boundProvider;
    this.engine = engine;
    this.documents = documents;
    this.arguments = arguments;
    this.edits = edits;
    this.answers = answers;
    this.mapper = mapper;
    this.progress = progress;
  }

  @Override
  public CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    return Futures.now(
        () -> {
          ActionData data = data(invocation);
          CompletableFuture<ActionResult> resolving =
              progress.runAsync(
                  "Codeloop: " + data.actionId(), () -> engine.resolveAsync(data, cancel));
          return Futures.cancelling(
              resolving.thenCompose(result -> present(result, invocation)), resolving);
        });
  }

  private CompletableFuture<JsonNode> present(ActionResult result, CommandInvocation invocation) {
    ObjectNode out = mapper.createObjectNode();
    if (result instanceof ActionResult.Edits e) {
      return edits
          .applyAsync(e, invocation.command())
          .thenApply(
              v -> {
                out.put("applied", true);
                return out;
              });
    }
    if (result instanceof ActionResult.Answer a) {
      return answers
          .showAsync(a)
          .thenApply(
              uri -> {
                out.put("title", a.title());
                AnswerPresenter.describe(out, uri, a.markdown());
                return out;
              });
    }
    return CompletableFuture.completedFuture(out);
  }

  private ActionData data(CommandInvocation invocation) {
    Optional<ActionData> encoded = arguments.actionData(invocation, 0);
    if (encoded.isPresent()) {
      ActionData data = encoded.get();
      Optional<String> instruction = arguments.string(invocation, 1, "instruction");
      return instruction
          .filter(s -> !s.isBlank())
          .map(s -> data.withArg("instruction", s))
          .orElse(data);
    }
    if (boundProvider.isEmpty()) {
      throw CodeloopException.invalidParams(
          invocation.command() + ": argument 0 must be the code action data");
    }
    String instruction = arguments.string(invocation, 0, "instruction").orElse("");
    String uri =
        arguments
            .string(invocation, 1, "uri")
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        invocation.command() + ": missing argument 1 (uri)"));
    DocumentSnapshot snapshot =
        documents
            .snapshot(uri)
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        invocation.command() + ": document " + uri + " is not open"));
    TextRange range =
        arguments.range(invocation, 2).orElse(TextRange.caret(new TextPosition(0, 0)));
    return new ActionData(
        ActionData.SCHEMA_VERSION,
        boundProvider.get(),
        boundProvider.get(),
        uri,
        snapshot.version(),
        range,
        instruction.isBlank() ? Map.of() : Map.of("instruction", instruction));
  }
}

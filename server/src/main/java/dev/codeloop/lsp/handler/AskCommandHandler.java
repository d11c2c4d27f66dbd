package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.ProjectFiles;
import dev.codeloop.chat.AskService;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.workspace.command.AsyncCommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.ask [question, uri?, range?]}: the answer is shown as a document and returned.
 */
public final class AskCommandHandler implements AsyncCommandHandler {
  private final AskService ask;
  private final ProjectFiles files;
  private final CommandArguments arguments;
  private final AnswerPresenter answers;
  private final ObjectMapper mapper;
  private final WorkProgress progress;

  public AskCommandHandler(
      AskService ask,
      ProjectFiles files,
      CommandArguments arguments,
      AnswerPresenter answers,
      ObjectMapper mapper,
      WorkProgress progress) {
    this.ask = ask;
    this.files = files;
    this.arguments = arguments;
    this.answers = answers;
    this.mapper = mapper;
    this.progress = progress;
  }

  @Override
  public CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    return Futures.now(
        () -> {
          String question = invocation.requireString(0, "question");
          if (question.isBlank()) {
            throw CodeloopException.invalidParams(invocation.command() + ": the question is empty");
          }
          var document =
              arguments
                  .string(invocation, 1, "uri")
                  .map(
                      uri ->
                          files
                              .document(uri)
                              .orElseThrow(
                                  () ->
                                      CodeloopException.invalidParams(
                                          invocation.command() + ": cannot read " + uri)));
          CompletableFuture<ActionResult.Answer> answer =
              progress.runAsync(
                  "Codeloop: answering",
                  () ->
                      ask.askAsync(
                          question, document, arguments.range(invocation, 2), files, cancel));
          return Futures.cancelling(
              answer.thenCompose(
                  a ->
                      answers
                          .showAsync(a)
                          .thenApply(
                              uri -> {
                                ObjectNode out = mapper.createObjectNode();
                                AnswerPresenter.describe(out, uri, a.markdown());
                                return (JsonNode) out;
                              })),
              answer);
        });
  }
}

package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ProjectFiles;
import dev.codeloop.action.TextRange;
import dev.codeloop.chat.ChatService;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.workspace.command.AsyncCommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.chat [actionData]} or {@code [uri, range?]}: sends the chat file's conversation
 * to the {@code chat} route and streams the answer to the end of the file ({@link ChatAppender}).
 */
public final class ChatCommandHandler implements AsyncCommandHandler {
  private final ChatService chat;
  private final DocumentStore documents;
  private final ProjectFiles files;
  private final SessionContext context;
  private final CommandArguments arguments;
  private final ObjectMapper mapper;
  private final Duration timeout;
  private final WorkProgress progress;

  private final ScheduledExecutorService scheduler;

  /**
   * @param scheduler where the appender's retries wait (the backend's scheduler; never the common
   *     pool)
   */
  public ChatCommandHandler(
      ChatService chat,
      DocumentStore documents,
      ProjectFiles files,
      SessionContext context,
      CommandArguments arguments,
      ObjectMapper mapper,
      Duration timeout,
      WorkProgress progress,
      ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    this.chat = chat;
    this.documents = documents;
    this.files = files;
    this.context = context;
    this.arguments = arguments;
    this.mapper = mapper;
    this.timeout = timeout;
    this.progress = progress;
  }

  @Override
  public CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    return Futures.now(() -> start(invocation, cancel));
  }

  private CompletableFuture<JsonNode> start(CommandInvocation invocation, CancelChecker cancel) {
    Optional<ActionData> data = arguments.actionData(invocation, 0);
    String uri = data.map(ActionData::uri).orElseGet(() -> invocation.requireString(0, "uri"));
    Optional<TextRange> range =
        data.isPresent() ? data.map(ActionData::range) : arguments.range(invocation, 1);
    if (!context.capabilities().applyEdit()) {
      throw CodeloopException.requestFailed(
          "The editor cannot apply edits sent by the server (workspace.applyEdit), so the chat cannot append answers");
    }
    DocumentSnapshot snapshot =
        documents
            .snapshot(uri)
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        invocation.command() + ": open the chat file " + uri + " first"));
    Optional<String> selection =
        range
            .filter(r -> !r.isEmpty())
            .map(
                r ->
                    snapshot
                        .text()
                        .slice(snapshot.offsetAt(r.start()), snapshot.offsetAt(r.end())));
    ModelRequest request = chat.request(snapshot, selection, files);
    ChatAppender appender =
        new ChatAppender(
            uri, documents, context.client(), context.capabilities().documentChanges(), scheduler);
    return progress.runAsync(
        "Codeloop: chat",
        () -> {
          CompletableFuture<ModelReply> answer =
              chat.answerAsync(request, snapshot.content(), cancel, appender);
          // what was streamed (and the error note) stays: the appender finishes either way
          CompletableFuture<JsonNode> done =
              answer
                  .handle((r, failure) -> failure)
                  .thenCompose(
                      failure ->
                          appender
                              .finishAsync(timeout)
                              .handle(
                                  (v, finishFailure) -> {
                                    if (failure != null) {
                                      Throwable t = Futures.unwrap(failure);
                                      if (finishFailure != null) {
                                        t.addSuppressed(Futures.unwrap(finishFailure));
                                      }
                                      throw t instanceof RuntimeException r
                                          ? r
                                          : new IllegalStateException(t);
                                    }
                                    if (finishFailure != null) {
                                      Throwable t = Futures.unwrap(finishFailure);
                                      throw t instanceof RuntimeException r
                                          ? r
                                          : new IllegalStateException(t);
                                    }
                                    ObjectNode out = mapper.createObjectNode();
                                    out.put("model", answer.join().model());
                                    out.put("edits", appender.editCount());
                                    return (JsonNode) out;
                                  }));
          return Futures.cancelling(done, answer);
        });
  }
}

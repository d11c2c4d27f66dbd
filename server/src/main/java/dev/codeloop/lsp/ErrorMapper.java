package dev.codeloop.lsp;

import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.ModelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure of a handler to a JSON-RPC error, in one place. */
public final class ErrorMapper implements Function<Throwable, ResponseError> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  @Override
  public ResponseError apply(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof ResponseErrorException r) {
      return r.getResponseError();
    }
    if (t instanceof CodeloopException c) {
      return switch (c.kind()) {
        case CONTENT_MODIFIED ->
            new ResponseError(ResponseErrorCode.ContentModified, c.getMessage(), null);
        case INVALID_PARAMS ->
            new ResponseError(ResponseErrorCode.InvalidParams, c.getMessage(), null);
        case REQUEST_FAILED ->
            new ResponseError(ResponseErrorCode.RequestFailed, c.getMessage(), null);
      };
    }
    if (t instanceof ModelException m) {
      String who = m.model() != null ? "model '" + m.model() + "': " : "";
      return new ResponseError(
          ResponseErrorCode.RequestFailed, who + m.getMessage(), m.kind().name().toLowerCase());
    }
    if (t instanceof UnsupportedOperationException) {
      return new ResponseError(
          ResponseErrorCode.MethodNotFound,
          "Unsupported method" + (t.getMessage() != null ? ": " + t.getMessage() : ""),
          null);
    }
    if (t instanceof IllegalArgumentException) {
      return new ResponseError(
          ResponseErrorCode.InvalidParams, "Invalid params: " + t.getMessage(), null);
    }
    if (t instanceof RejectedExecutionException) {
      return new ResponseError(
          ResponseErrorCode.RequestFailed,
          "Server is overloaded; request dropped, try again",
          null);
    }
    LOG.error("Internal error", t);
    return new ResponseError(
        ResponseErrorCode.InternalError,
        "Internal error: "
            + t.getClass().getSimpleName()
            + (t.getMessage() != null ? ": " + t.getMessage() : ""),
        null);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}

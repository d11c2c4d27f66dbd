package dev.codeloop.lsp.handler;

import dev.codeloop.lsp.SessionContext;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a server-initiated work-done progress while a command waits for the model, when the client
 * supports {@code window.workDoneProgress}. Never required: without support (or if creating the
 * token fails) the work simply runs.
 */
public final class WorkProgress {
  private static final Logger LOG = LoggerFactory.getLogger(WorkProgress.class);

  private final SessionContext context;
  private final Duration createTimeout;

  public WorkProgress(SessionContext context, Duration createTimeout) {
    this.context = context;
    this.createTimeout = createTimeout;
  }

  public <T> T run(String title, Supplier<T> work) {
    if (!context.capabilities().workDoneProgress()) {
      return work.get();
    }
    Either<String, Integer> token = Either.forLeft("codeloop-" + UUID.randomUUID());
    var client = context.client();
    try {
      client
          .createProgress(new WorkDoneProgressCreateParams(token))
          .get(createTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("No progress for '{}': {}", title, e.toString());
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return work.get();
    }
    WorkDoneProgressBegin begin = new WorkDoneProgressBegin();
    begin.setTitle(title);
    begin.setCancellable(false);
    client.notifyProgress(new ProgressParams(token, Either.forLeft(begin)));
    WorkDoneProgressEnd end = new WorkDoneProgressEnd();
    try {
      T result = work.get();
      end.setMessage("done");
      return result;
    } catch (RuntimeException e) {
      end.setMessage("failed");
      throw e;
    } finally {
      client.notifyProgress(new ProgressParams(token, Either.forLeft(end)));
    }
  }
}

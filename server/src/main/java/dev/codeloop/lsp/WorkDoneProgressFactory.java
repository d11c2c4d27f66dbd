package dev.codeloop.lsp;

import dev.codeloop.workspace.progress.Progress;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-initiated work-done progress: {@code window/workDoneProgress/create} then {@code
 * $/progress} begin/report/end. The create request is sent without waiting for its answer (never
 * blocks a thread); clients without the capability get {@link Progress#NONE}.
 */
public final class WorkDoneProgressFactory implements Progress.Factory {
  private static final Logger LOG = LoggerFactory.getLogger(WorkDoneProgressFactory.class);

  private final SessionContext context;

  public WorkDoneProgressFactory(SessionContext context) {
    this.context = context;
  }

  @Override
  public Progress begin(String title, boolean cancellable, boolean measurable) {
    if (!context.capabilities().workDoneProgress()) {
      return Progress.NONE;
    }
    var client = context.client();
    Either<String, Integer> token = Either.forLeft("codeloop-" + UUID.randomUUID());
    AtomicBoolean ended = new AtomicBoolean();
    // $/progress may only use the token once the client accepted the create request; notifications
    // are chained on that answer, in order, without blocking any thread, and dropped if the client
    // refused the token.
    Object lock = new Object();
    AtomicBoolean accepted = new AtomicBoolean();
    CompletableFuture<?>[] tail = {
      client
          .createProgress(new WorkDoneProgressCreateParams(token))
          .handle(
              (r, t) -> {
                if (t != null) {
                  LOG.debug("client refused progress token: {}", t.toString());
                } else {
                  accepted.set(true);
                }
                return null;
              })
    };
    java.util.function.Consumer<Runnable> send =
        r -> {
          synchronized (lock) {
            tail[0] =
                tail[0].thenRun(
                    () -> {
                      if (accepted.get()) {
                        r.run();
                      }
                    });
          }
        };
    WorkDoneProgressBegin begin = new WorkDoneProgressBegin();
    begin.setTitle(title);
    begin.setCancellable(cancellable);
    if (measurable) {
      begin.setPercentage(0);
    }
    send.accept(() -> client.notifyProgress(new ProgressParams(token, Either.forLeft(begin))));
    return new Progress() {
      @Override
      public void report(String message, int percentage) {
        WorkDoneProgressReport report = new WorkDoneProgressReport();
        report.setMessage(message);
        if (percentage >= 0) {
          report.setPercentage(Math.min(100, percentage));
        }
        // checked and chained in one step with end's: no report is chained after the end
        synchronized (lock) {
          if (!ended.get()) {
            send.accept(
                () -> client.notifyProgress(new ProgressParams(token, Either.forLeft(report))));
          }
        }
      }

      @Override
      public void end(String message) {
        WorkDoneProgressEnd end = new WorkDoneProgressEnd();
        end.setMessage(message);
        synchronized (lock) {
          if (ended.compareAndSet(false, true)) {
            send.accept(
                () -> client.notifyProgress(new ProgressParams(token, Either.forLeft(end))));
          }
        }
      }
    };
  }
}

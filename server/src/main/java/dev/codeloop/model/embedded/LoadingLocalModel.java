package dev.codeloop.model.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.LocalCompletionModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded model as the router sees it while it may still be loading its persisted state: a
 * request waits for the load (bounded, cancellable), and answers nothing if the model is not there
 * in time.
 */
public final class LoadingLocalModel implements LocalCompletionModel {
  private static final Logger LOG = LoggerFactory.getLogger(LoadingLocalModel.class);
  private static final long POLL_MS = 25;

  private final CompletableFuture<? extends LocalCompletionModel> model;
  private final Duration maxWait;

  public LoadingLocalModel(
      CompletableFuture<? extends LocalCompletionModel> model, Duration maxWait) {
    this.model = model;
    this.maxWait = maxWait;
  }

  @Override
  public List<String> complete(FimRequest fim, int candidates, CancelChecker cancel) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      cancel.checkCanceled();
      try {
        return model.get(POLL_MS, TimeUnit.MILLISECONDS).complete(fim, candidates, cancel);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          LOG.debug("embedded model still loading; no suggestion");
          return List.of();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while the embedded model loads");
      } catch (ExecutionException e) {
        LOG.warn("embedded model failed to load: {}", e.getCause().toString());
        return List.of();
      }
    }
  }
}

package dev.codeloop.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.UnregistrationParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.services.LanguageClient;

/** A {@link LanguageClient} that records everything the server sends to it. */
public final class RecordingClient implements LanguageClient {
  public final List<MessageParams> shownMessages = new CopyOnWriteArrayList<>();
  final List<MessageParams> loggedMessages = new CopyOnWriteArrayList<>();
  final List<PublishDiagnosticsParams> diagnostics = new CopyOnWriteArrayList<>();
  public final List<ApplyWorkspaceEditParams> appliedEdits = new CopyOnWriteArrayList<>();
  final List<ConfigurationParams> configurationRequests = new CopyOnWriteArrayList<>();
  public final List<ShowDocumentParams> shownDocuments = new CopyOnWriteArrayList<>();

  /** {@code $/progress} notifications, in arrival order. */
  public final List<ProgressParams> progress = new CopyOnWriteArrayList<>();

  /**
   * Answers {@code workspace/applyEdit} after it was recorded; by default applied=true. A test may
   * replace it, e.g. to apply the edit to its own copy of the document and send the didChange.
   */
  public volatile Function<ApplyWorkspaceEditParams, ApplyWorkspaceEditResponse> applyEditAnswer =
      params -> new ApplyWorkspaceEditResponse(true);

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams params) {
    diagnostics.add(params);
  }

  @Override
  public void showMessage(MessageParams params) {
    shownMessages.add(params);
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
    shownMessages.add(new MessageParams(params.getType(), params.getMessage()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void logMessage(MessageParams params) {
    loggedMessages.add(params);
  }

  @Override
  public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
    appliedEdits.add(params);
    return CompletableFuture.completedFuture(applyEditAnswer.apply(params));
  }

  /** Records {@code window/showDocument} and answers success. */
  @Override
  public CompletableFuture<ShowDocumentResult> showDocument(ShowDocumentParams params) {
    shownDocuments.add(params);
    return CompletableFuture.completedFuture(new ShowDocumentResult(true));
  }

  @Override
  public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
    configurationRequests.add(params);
    List<Object> nulls = new ArrayList<>();
    params.getItems().forEach(i -> nulls.add(null));
    return CompletableFuture.completedFuture(nulls);
  }

  @Override
  public CompletableFuture<Void> registerCapability(RegistrationParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> unregisterCapability(UnregistrationParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams params) {
    progress.add(params);
  }

  /** The title of the server's progress while the embedded model learns a workspace. */
  public static final String LEARNING_TITLE = "Codeloop: learning the workspace";

  /**
   * Waits for the work-done progress titled {@code title} to end ({@code $/progress} begin with
   * that title, then end with the same token); returns the end's message.
   */
  public String awaitProgressEnd(String title, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> token =
          progress.stream()
              .filter(
                  p ->
                      p.getValue().isLeft()
                          && p.getValue().getLeft() instanceof WorkDoneProgressBegin b
                          && title.equals(b.getTitle()))
              .map(p -> p.getToken().get().toString())
              .findFirst();
      if (token.isPresent()) {
        Optional<String> end =
            progress.stream()
                .filter(p -> p.getToken().get().toString().equals(token.get()))
                .filter(p -> p.getValue().isLeft())
                .map(p -> p.getValue().getLeft())
                .filter(WorkDoneProgressEnd.class::isInstance)
                .map(n -> String.valueOf(((WorkDoneProgressEnd) n).getMessage()))
                .findFirst();
        if (end.isPresent()) {
          return end.get();
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no end of work-done progress '" + title + "' within " + timeout + "; got " + progress);
  }

  /** Waits until a shown message matches, returning it; fails after the timeout. */
  MessageParams awaitShownMessage(Predicate<MessageParams> matching, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (MessageParams m : shownMessages) {
        if (matching.test(m)) {
          return m;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no matching window/showMessage within " + timeout + "; got " + shownMessages);
  }
}

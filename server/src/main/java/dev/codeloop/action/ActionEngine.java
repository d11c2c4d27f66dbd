package dev.codeloop.action;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.VersionCancelChecker;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work of a chosen action from its {@link ActionData}: checks that the document is still
 * at the version the action was proposed for, runs the provider under a checker that also trips
 * when the document moves on, and checks the version again before handing the result back. A
 * document that moved on yields ContentModified, so nothing computed for an old version is ever
 * applied.
 */
public final class ActionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(ActionEngine.class);

  private final ActionRegistry registry;
  private final DocumentStore documents;
  private final ProjectFiles files;
  private final ModelGateway models;
  private final PrivacyFilter privacy;

  public ActionEngine(
      ActionRegistry registry,
      DocumentStore documents,
      ProjectFiles files,
      ModelGateway models,
      PrivacyFilter privacy) {
    this.registry = registry;
    this.documents = documents;
    this.files = files;
    this.models = models;
    this.privacy = privacy;
  }

  public ActionRegistry registry() {
    return registry;
  }

  /** Waits for {@link #resolveAsync}: for tests and tools only, never on the request path. */
  public ActionResult resolve(ActionData data, CancelChecker requestCancel) {
    return Futures.join(resolveAsync(data, requestCancel));
  }

  /**
   * Resolves without waiting: the future fails with ContentModified when the document moved on, a
   * {@link CancellationException} when the request was cancelled. Cancelling it cancels the
   * provider's model request.
   */
  public CompletableFuture<ActionResult> resolveAsync(
      ActionData data, CancelChecker requestCancel) {
    return Futures.now(
        () -> {
          ActionProvider provider =
              registry
                  .provider(data.providerId())
                  .orElseThrow(
                      () ->
                          CodeloopException.invalidParams(
                              "unknown code action provider '" + data.providerId() + "'"));
          if (privacy.excluded(data.uri())) {
            throw CodeloopException.requestFailed("Not sent: " + PrivacyFilter.REASON);
          }
          DocumentSnapshot snapshot = currentSnapshot(data);
          boolean bound = provider.bindsToVersion(data);
          CancelChecker cancel =
              bound
                  ? VersionCancelChecker.all(
                      requestCancel,
                      new VersionCancelChecker(documents, data.uri(), data.version()))
                  : requestCancel;
          CompletableFuture<ActionResult> resolving =
              Futures.now(
                  () -> provider.resolveAsync(new ResolveRequest(data, snapshot, files), cancel));
          return Futures.cancelling(
              resolving.handle(
                  (result, failure) -> {
                    if (failure != null) {
                      Throwable t = Futures.unwrap(failure);
                      if (t instanceof CancellationException c) {
                        if (requestCancel.isCanceled()) {
                          throw c;
                        }
                        throw modified(data);
                      }
                      if (t instanceof RuntimeException r) {
                        throw r;
                      }
                      throw new IllegalStateException(t);
                    }
                    requestCancel.checkCanceled();
                    if (bound) {
                      currentSnapshot(data);
                    }
                    checkContained(data, result);
                    LOG.debug(
                        "Resolved {}/{} for {}", data.providerId(), data.actionId(), data.uri());
                    return result;
                  }),
              resolving);
        });
  }

  /**
   * An action writes only the document it was invoked on or files inside a workspace folder
   * (symbolic links resolved): a custom action's {@code newFile} of {@code ../../.bashrc} or a test
   * file mapped outside is refused with nothing written.
   */
  private void checkContained(ActionData data, ActionResult result) {
    if (result instanceof ActionResult.Edits edits) {
      for (FileEdit f : edits.files()) {
        if (!f.uri().equals(data.uri()) && !files.contains(f.uri())) {
          throw CodeloopException.invalidParams(
              Containment.outsideMessage(
                  "The file this action would write,",
                  Containment.path(f.uri()).map(Object::toString).orElse(f.uri())));
        }
      }
    }
  }

  /**
   * Whether a proposal can run, for showing it disabled: the file must not be excluded by the
   * privacy settings, and some model must serve the proposal's route.
   */
  public ModelGateway.RouteStatus status(String uri, ActionProposal proposal) {
    return statuses(uri).apply(proposal);
  }

  /**
   * {@link #status} for many proposals of one document (one {@code codeAction} request): the
   * privacy rules are asked once and each task's route planned once, not once per proposal.
   */
  public java.util.function.Function<ActionProposal, ModelGateway.RouteStatus> statuses(
      String uri) {
    if (privacy.excluded(uri)) {
      ModelGateway.RouteStatus excluded = ModelGateway.RouteStatus.unusable(PrivacyFilter.REASON);
      return proposal -> excluded;
    }
    java.util.Map<dev.codeloop.model.Task, ModelGateway.RouteStatus> byTask =
        new java.util.EnumMap<>(dev.codeloop.model.Task.class);
    return proposal -> byTask.computeIfAbsent(proposal.task(), models::status);
  }

  private DocumentSnapshot currentSnapshot(ActionData data) {
    DocumentSnapshot snapshot =
        documents
            .snapshot(data.uri())
            .orElseThrow(
                () ->
                    CodeloopException.contentModified(
                        "document " + data.uri() + " is no longer open; nothing was applied"));
    if (snapshot.version() != data.version()) {
      throw modified(data);
    }
    return snapshot;
  }

  private static CodeloopException modified(ActionData data) {
    return CodeloopException.contentModified(
        "document "
            + data.uri()
            + " changed since the action was offered (version "
            + data.version()
            + "); nothing was applied");
  }
}

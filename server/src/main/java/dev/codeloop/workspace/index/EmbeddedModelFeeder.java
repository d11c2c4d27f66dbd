package dev.codeloop.workspace.index;

import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.document.DocumentListener;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.progress.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded model learning: indexes each workspace root once per backend (with progress),
 * and feeds it the open documents as they change (debounced per document, off the dispatch thread).
 * Ignored and secret-looking files are never learned.
 */
public final class EmbeddedModelFeeder implements DocumentListener {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedModelFeeder.class);
  private static final Duration UPDATE_DELAY = Duration.ofMillis(300);

  private final CompletableFuture<EmbeddedCodeModel> model;
  private final DocumentStore documents;
  private final Debouncer<String> debouncer;
  private final PrivacyFilter privacy;
  private final Set<Path> indexedRoots;
  private final BooleanSupplier enabled;

  /**
   * @param model the model, still loading from its cache folder while the server starts
   * @param indexedRoots shared by all sessions of the backend, so a root is indexed once
   */
  public EmbeddedModelFeeder(
      CompletableFuture<EmbeddedCodeModel> model,
      DocumentStore documents,
      Debouncer<String> debouncer,
      PrivacyFilter privacy,
      Set<Path> indexedRoots,
      BooleanSupplier enabled) {
    this.model = model;
    this.documents = documents;
    this.debouncer = debouncer;
    this.privacy = privacy;
    this.indexedRoots = indexedRoots;
    this.enabled = enabled;
  }

  /** A set to share between the feeders of one backend. */
  public static Set<Path> newRootSet() {
    return ConcurrentHashMap.newKeySet();
  }

  /** Starts indexing the roots not indexed yet; returns immediately. */
  public void indexRoots(List<Path> roots, Progress.Factory progress) {
    if (!enabled.getAsBoolean()) {
      return;
    }
    for (Path root : roots) {
      if (!indexedRoots.add(root.toAbsolutePath().normalize())) {
        continue;
      }
      Progress p = progress.begin("Codeloop: learning the workspace", false, true);
      model
          .thenCompose(
              m ->
                  m.indexWorkspace(
                      root,
                      privacy.ignore(),
                      (done, total, message) ->
                          p.report(
                              done + "/" + total + " files",
                              total == 0 ? -1 : (int) (100L * done / total)),
                      () -> {}))
          .whenComplete(
              (stats, error) -> {
                if (error != null && !(error instanceof CancellationException)) {
                  LOG.warn("Indexing {} failed: {}", root, error.toString());
                  p.end("indexing failed: " + error.getMessage());
                  indexedRoots.remove(root.toAbsolutePath().normalize());
                  return;
                }
                if (stats != null) {
                  LOG.info(
                      "Indexed {}: {} files ({} reused, {} skipped), {} tokens in {} ms",
                      root,
                      stats.files(),
                      stats.reused(),
                      stats.skipped(),
                      stats.tokens(),
                      stats.millis());
                  p.end(stats.files() + " files learned");
                }
                try {
                  model.join().persist();
                } catch (RuntimeException e) {
                  LOG.warn("Cannot persist the embedded model: {}", e.getMessage());
                }
              });
    }
  }

  @Override
  public void opened(DocumentSnapshot snapshot) {
    schedule(snapshot.uri());
  }

  /**
   * Unsaved edits are not learned: the line being typed would teach the model its own half-typed
   * prefix (e.g. {@code inventory.add} followed by a line end) and then it would suggest nothing
   * there. What is being typed reaches the model through the request's prefix and suffix instead.
   */
  @Override
  public void saved(DocumentSnapshot snapshot) {
    schedule(snapshot.uri());
  }

  private void schedule(String uri) {
    if (!enabled.getAsBoolean()) {
      return;
    }
    debouncer.submit(
        uri,
        UPDATE_DELAY,
        () ->
            documents
                .snapshot(uri)
                .filter(s -> privacy.isAllowed(s.uri()))
                .ifPresent(
                    s ->
                        model.thenAccept(
                            m -> m.updateDocument(s.uri(), s.languageId(), s.content()))));
  }
}

package dev.codeloop.workspace.index;

import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.document.DocumentListener;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.IndexLimits;
import dev.codeloop.model.embedded.ProjectModels;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.progress.Progress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded models learning: indexes each workspace root once per backend into that root's
 * own model (with progress), and feeds it the documents the user works on once their saved version
 * is stable. Ignored and secret-looking files are never learned.
 *
 * <p>A saved version is stable when it was saved at least {@code stableAfter} ago and no open
 * buffer differs from it. A file saved mid-edit (a half-typed line, then more typing) is therefore
 * never learned; the next save that is left alone, or closing the file, teaches the model. What is
 * being typed reaches the model through each request's prefix and suffix instead.
 */
public final class EmbeddedModelFeeder implements DocumentListener {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedModelFeeder.class);
  private static final Duration UPDATE_DELAY = Duration.ofMillis(300);

  /** How often a deferred file is checked again before giving up until the next index. */
  private static final int DEFERRED_TRIES = 6;

  private final ProjectModels models;
  private final DocumentStore documents;
  private final Debouncer<String> debouncer;
  private final PrivacyFilter privacy;
  private final Set<Path> indexedRoots;
  private final BooleanSupplier enabled;
  private final Supplier<Optional<Path>> sharedModel;
  private final Supplier<Duration> stableAfter;
  private final Supplier<IndexLimits> limits;
  private final Runnable bulkWorkDone;

  /** Open documents with edits not saved yet (their disk version is stale), by URI. */
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

  /** The version each open document had when it was last opened or saved. */
  private final Map<String, Integer> stableVersion = new ConcurrentHashMap<>();

  /**
   * @param models the per-project models of the backend
   * @param indexedRoots shared by all sessions of the backend, so a root is indexed once
   * @param sharedModel a model folder projects with no model yet start from (read only), when the
   *     user asks for one
   * @param stableAfter how long a saved version must stay untouched before it is learned
   */
  public EmbeddedModelFeeder(
      ProjectModels models,
      DocumentStore documents,
      Debouncer<String> debouncer,
      PrivacyFilter privacy,
      Set<Path> indexedRoots,
      BooleanSupplier enabled,
      Supplier<Optional<Path>> sharedModel,
      Supplier<Duration> stableAfter) {
    this(
        models,
        documents,
        debouncer,
        privacy,
        indexedRoots,
        enabled,
        sharedModel,
        stableAfter,
        () -> IndexLimits.NONE,
        () -> {});
  }

  /**
   * @param limits what one index run may learn (the user's budgets; the open documents' folders are
   *     added here as the most relevant)
   */
  public EmbeddedModelFeeder(
      ProjectModels models,
      DocumentStore documents,
      Debouncer<String> debouncer,
      PrivacyFilter privacy,
      Set<Path> indexedRoots,
      BooleanSupplier enabled,
      Supplier<Optional<Path>> sharedModel,
      Supplier<Duration> stableAfter,
      Supplier<IndexLimits> limits,
      Runnable bulkWorkDone) {
    this.limits = limits;
    this.bulkWorkDone = bulkWorkDone;
    this.models = models;
    this.documents = documents;
    this.debouncer = debouncer;
    this.privacy = privacy;
    this.indexedRoots = indexedRoots;
    this.enabled = enabled;
    this.sharedModel = sharedModel;
    this.stableAfter = stableAfter;
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
      index(root, progress.begin("Codeloop: learning the workspace", false, true), DEFERRED_TRIES);
    }
  }

  /**
   * Indexes {@code root}; when some files were not stable yet, indexes it again once they may be
   * (unchanged files are reused, so a second pass costs little), at most {@code tries} times.
   */
  private void index(Path root, Progress p, int tries) {
    models
        .project(root, sharedModel.get())
        .thenCompose(
            m ->
                m.indexWorkspace(
                        root,
                        privacy.ignore(),
                        stableAfter.get(),
                        dirty::contains,
                        limitsNow(),
                        // once the files are done: what comes after them (the standard
                        // library, the model's build)
                        (done, total, message) ->
                            p.report(
                                done == total && message != null && !message.isBlank()
                                    ? message
                                    : done + "/" + total + " files",
                                total == 0 ? -1 : (int) (100L * done / total)),
                        () -> {})
                    .thenApply(
                        stats -> {
                          persist(m);
                          return stats;
                        }))
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
                    "Indexed {}: {} files ({} reused, {} skipped, {} over the budget, {} not stable"
                        + " yet), {} tokens, and {} files of the standard libraries ({} tokens) in"
                        + " {} ms",
                    root,
                    stats.files(),
                    stats.reused(),
                    stats.skipped(),
                    stats.overBudget(),
                    stats.deferred().size(),
                    stats.tokens(),
                    stats.platformFiles(),
                    stats.platformTokens(),
                    stats.millis());
                p.end(
                    stats.files()
                        + " files learned"
                        + (stats.platformFiles() > 0
                            ? " (and " + stats.platformFiles() + " of the standard library)"
                            : ""));
                bulkWorkDone.run();
                if (!stats.deferred().isEmpty() && tries > 1) {
                  debouncer.submit(
                      "index:" + root,
                      stableAfter.get().plus(UPDATE_DELAY),
                      () -> index(root, Progress.NONE, tries - 1));
                }
              }
            });
  }

  /** The user's limits, with the open documents (their folders are learned first). */
  private IndexLimits limitsNow() {
    IndexLimits l = limits.get();
    List<Path> open = new ArrayList<>();
    for (DocumentSnapshot s : documents.openDocuments()) {
      pathOf(s.uri()).ifPresent(open::add);
    }
    return new IndexLimits(
        l.maxFiles(), l.maxFileBytes(), l.maxModelBytes(), open, l.platformLibrary());
  }

  private static void persist(EmbeddedCodeModel m) {
    try {
      m.persist();
    } catch (RuntimeException e) {
      LOG.warn("Cannot persist the embedded model: {}", e.getMessage());
    }
  }

  @Override
  public void opened(DocumentSnapshot snapshot) {
    if (stableVersion.put(snapshot.uri(), snapshot.version()) == null) {
      // counted once per session: a didOpen of a document this session has open replaces it,
      // and one didClose ends it (the count says when the last session is done with a file)
      models.opened(snapshot.uri());
    }
    bulkWorkDone.run(); // opening many files grows the heap (their text, the model's caches)
    scheduleIfStable(snapshot.uri(), snapshot.version());
  }

  @Override
  public void changed(DocumentSnapshot snapshot) {
    if (stableVersion.containsKey(snapshot.uri())) {
      dirty.add(snapshot.uri());
    }
  }

  /**
   * A save is learned only if the buffer is left alone for {@code stableAfter}: a save mid-edit,
   * followed by more typing, is not.
   */
  @Override
  public void saved(DocumentSnapshot snapshot) {
    dirty.remove(snapshot.uri());
    stableVersion.put(snapshot.uri(), snapshot.version());
    scheduleIfStable(snapshot.uri(), snapshot.version());
  }

  /** A closed file is done with: its saved version on disk is learned. */
  @Override
  public void closed(String uri) {
    models.closed(uri);
    dirty.remove(uri);
    stableVersion.remove(uri);
    debouncer.cancel(uri);
    if (!enabled.getAsBoolean()) {
      return;
    }
    models
        .documentClosed(uri, privacy.isAllowed(uri), dirty::contains)
        .whenComplete((learned, error) -> bulkWorkDone.run());
  }

  private void scheduleIfStable(String uri, int version) {
    if (!enabled.getAsBoolean()) {
      return;
    }
    debouncer.submit(
        uri,
        stableAfter.get().compareTo(UPDATE_DELAY) > 0 ? stableAfter.get() : UPDATE_DELAY,
        () ->
            documents
                .snapshot(uri)
                .filter(s -> s.version() == version && isStable(uri, version))
                .filter(s -> privacy.isAllowed(s.uri()))
                .ifPresent(
                    s ->
                        models
                            .forUri(s.uri())
                            .thenAccept(
                                m ->
                                    // what it learned may have grown the heap: trim after it
                                    // queued only while this version is still the open one:
                                    // a close racing with this update must win
                                    m.updateDocument(
                                            s.uri(),
                                            s.languageId(),
                                            s.content(),
                                            () -> isStable(uri, version))
                                        .whenComplete((v, e) -> bulkWorkDone.run()))));
  }

  /** Whether {@code version} of {@code uri} is open, saved and left alone: the one to learn. */
  private boolean isStable(String uri, int version) {
    return Integer.valueOf(version).equals(stableVersion.get(uri)) && !dirty.contains(uri);
  }

  private static Optional<Path> pathOf(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equals(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}

package dev.codeloop.model.embedded;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.LocalCompletionModel;
import dev.codeloop.model.WordRanker;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.MixtureWeights;
import dev.codeloop.model.embedded.lm.TokenCodec;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded offline code model: a per-language n-gram model of the workspace's code with
 * current-file and recently-edited-files caches. Completions are computed on the caller's thread;
 * indexing, document updates and model rebuilds run on the injected executor.
 */
public final class EmbeddedCodeModel implements LocalCompletionModel, WordRanker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCodeModel.class);

  private final EmbeddedTuning settings;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final ModelStore store;
  private final Map<Language, LanguageState> states = new EnumMap<>(Language.class);
  private final Map<String, PendingUpdate> pending = new LinkedHashMap<>();

  /** Completed when the updates pending with them are applied (guarded by {@link #pending}). */
  private final List<CompletableFuture<Void>> pendingApplied = new ArrayList<>();

  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final EmbeddedPredictor engine;
  private final Map<String, Language> languageOfUri = new ConcurrentHashMap<>();
  // documents this model forgot: a merge must not bring them back from another writer's file
  private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

  private volatile WorkspaceIndexer.Coverage coverage;
  private final PlatformLibrary platformLibrary;

  // held while the model is written, and by close(): once closed, nothing writes the cache folder
  private final Object persisting = new Object();
  private boolean closed; // guarded by persisting

  /**
   * What is queued for a document: its buffer's text, its removal, or its closing (then {@code
   * closing} is set). One drain applies them in order, so a closing is never overtaken by an update
   * of the buffer it closes.
   */
  private record PendingUpdate(
      Language language, String text, boolean removed, @Nullable Closing closing) {}

  /** An editor closed {@code file}; {@code result} completes with whether the saved file is in. */
  private record Closing(
      Path file, boolean keep, Predicate<String> heldByEditor, CompletableFuture<Boolean> result) {}

  private EmbeddedCodeModel(Builder b) {
    this.settings =
        new EmbeddedTuning(
            b.order,
            b.cacheOrder,
            b.maxFileBytes,
            b.maxTokensPerLanguage,
            b.maxModelBytes,
            b.recentTokens,
            b.directoryTokens,
            b.directoryBytes,
            b.directoryHoldBack,
            b.nearTokens,
            b.identifierWindow,
            b.pruneAboveTokens,
            b.eagerRebuildTokens,
            b.rebuildFraction,
            b.keepCountsBelowBytes,
            b.weights,
            b.searchBudget.toNanos(),
            b.requestedSearchBudget.toNanos());
    this.engine =
        new EmbeddedPredictor(
            settings.searchBudgetNanos(), settings.requestedSearchBudgetNanos(), true);
    this.platformLibrary = b.platformLibrary;
    this.coverage = new WorkspaceIndexer.Coverage(0, 0, 0, settings.maxModelBytes());
    if (b.executor == null) {
      ownedExecutor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "codeloop-embedded-model");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
              });
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
      executor = b.executor;
    }
    store = b.cacheDir == null ? null : new ModelStore(b.cacheDir);
    ModelStore source = store;
    if (b.seedDir != null
        && (store == null || !Files.isRegularFile(store.file()))
        && Files.isRegularFile(new ModelStore(b.seedDir).file())) {
      source = new ModelStore(b.seedDir); // read-only: never written by this model
    }
    if (source != null) {
      try {
        for (LanguageState s : source.load(settings, executor)) {
          states.put(s.language(), s);
          s.documents().keySet().forEach(uri -> languageOfUri.put(uri, s.language()));
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Ignoring unreadable embedded model cache {}: {}", source.file(), e.toString());
        states.clear();
        languageOfUri.clear();
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Learns every source file of {@code root} (honouring its ignore files and secret-looking files
   * only), reusing persisted tokens of unchanged files, then rebuilds the static models. Runs on
   * the executor.
   */
  public CompletableFuture<IndexStats> indexWorkspace(
      Path root, ProgressListener progress, CancelChecker cancel) {
    return indexWorkspace(root, WorkspaceIgnore.ignoreFilesOnly(), progress, cancel);
  }

  /**
   * Learns every source file of {@code root} that {@code ignore} does not ignore (the session's
   * engine: nested ignore files, {@code privacy.excludeGlobs}, secret-looking files), reusing
   * persisted tokens of unchanged files, then rebuilds the static models. Runs on the executor.
   */
  public CompletableFuture<IndexStats> indexWorkspace(
      Path root, WorkspaceIgnore ignore, ProgressListener progress, CancelChecker cancel) {
    return indexWorkspace(root, ignore, Duration.ZERO, uri -> false, progress, cancel);
  }

  /**
   * Like {@link #indexWorkspace(Path, WorkspaceIgnore, ProgressListener, CancelChecker)}, but
   * learns only files whose saved version is stable: saved at least {@code stableAfter} ago and not
   * held by an editor with unsaved edits ({@code heldByEditor}). The others are listed in {@link
   * IndexStats#deferred()}; learn them later with {@link #learnFileIfStable}.
   */
  public CompletableFuture<IndexStats> indexWorkspace(
      Path root,
      WorkspaceIgnore ignore,
      Duration stableAfter,
      Predicate<String> heldByEditor,
      ProgressListener progress,
      CancelChecker cancel) {
    return indexWorkspace(
        root, ignore, stableAfter, heldByEditor, IndexLimits.NONE, progress, cancel);
  }

  /**
   * Like {@link #indexWorkspace(Path, WorkspaceIgnore, Duration, Predicate, ProgressListener,
   * CancelChecker)} within {@code limits}: the most relevant files first (the folders of the open
   * files, then the most recently modified) until a budget is spent; the rest is not learned.
   */
  public CompletableFuture<IndexStats> indexWorkspace(
      Path root,
      WorkspaceIgnore ignore,
      Duration stableAfter,
      Predicate<String> heldByEditor,
      IndexLimits limits,
      ProgressListener progress,
      CancelChecker cancel) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(ignore, "ignore");
    Objects.requireNonNull(limits, "limits");
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    CancelChecker checker = cancel == null ? () -> {} : cancel;
    WorkspaceIndexer.Stability stability =
        new WorkspaceIndexer.Stability(
            stableAfter.toMillis(), heldByEditor, System::currentTimeMillis);
    return CompletableFuture.supplyAsync(
        () ->
            new WorkspaceIndexer(settings, this, ignore, stability, limits)
                .index(root, listener, checker),
        executor);
  }

  /**
   * Learns {@code file} from disk once its saved version is stable (see {@link
   * #indexWorkspace(Path, WorkspaceIgnore, Duration, Predicate, ProgressListener, CancelChecker)});
   * completes with false when it is not stable yet. Runs on the executor.
   */
  public CompletableFuture<Boolean> learnFileIfStable(
      Path file, Duration stableAfter, Predicate<String> heldByEditor) {
    WorkspaceIndexer.Stability stability =
        new WorkspaceIndexer.Stability(
            stableAfter.toMillis(), heldByEditor, System::currentTimeMillis);
    return CompletableFuture.supplyAsync(
        () ->
            new WorkspaceIndexer(
                    settings, this, WorkspaceIgnore.ignoreFilesOnly(), stability, IndexLimits.NONE)
                .learnIfStable(file),
        executor);
  }

  /**
   * Replaces what the model knows of a document with {@code text} (an editor buffer). The new
   * content is learned asynchronously on the executor; repeated updates of the same document are
   * coalesced. Completes once it is learned (and the static model rebuilt, when that was due).
   */
  public CompletableFuture<Void> updateDocument(String uri, String languageId, String text) {
    return updateDocument(uri, languageId, text, () -> true);
  }

  /**
   * Like {@link #updateDocument(String, String, String)}, but the update is queued only if {@code
   * current} still holds when it is: the caller's check that the buffer is still open (and this
   * version still the one to learn), made under the queue's lock, so an update racing with {@link
   * #documentClosed} is either queued before the closing, which then supersedes it, or dropped.
   */
  public CompletableFuture<Void> updateDocument(
      String uri, String languageId, String text, BooleanSupplier current) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(text, "text");
    Language language = Language.detect(languageId, uri);
    CompletableFuture<Void> applied = new CompletableFuture<>();
    Closing superseded;
    synchronized (pending) {
      if (!current.getAsBoolean()) {
        applied.complete(null);
        return applied;
      }
      superseded = enqueue(uri, new PendingUpdate(language, text, false, null));
      pendingApplied.add(applied);
    }
    moot(superseded);
    scheduleDrain();
    return applied;
  }

  /** Forgets a document (deleted or renamed file). */
  public void removeDocument(String uri) {
    Objects.requireNonNull(uri, "uri");
    Closing superseded;
    synchronized (pending) {
      superseded = enqueue(uri, new PendingUpdate(Language.GENERIC, "", true, null));
    }
    moot(superseded);
    scheduleDrain();
  }

  /**
   * Queues {@code update} in place of what is queued for {@code uri}; guarded by pending. Returns
   * the closing it superseded (reopened or removed before it was applied: moot), for the caller to
   * answer once it has let go of the lock, or null.
   */
  private @Nullable Closing enqueue(String uri, PendingUpdate update) {
    PendingUpdate superseded = pending.remove(uri); // re-inserted last: applied in arrival order
    pending.put(uri, update);
    return superseded == null ? null : superseded.closing();
  }

  /** Answers a closing that {@link #enqueue} superseded (outside the queue's lock). */
  private static void moot(@Nullable Closing closing) {
    if (closing != null) {
      closing.result().complete(false);
    }
  }

  /**
   * An editor closed {@code file}: what the model learned from its buffer gives way to the saved
   * file, learned once stable (at once here: the user is done with it) while the model is within
   * its byte budget; a document that is not on disk, or that {@code keep} rejects (e.g. a file
   * outside every project in the scratch model), is forgotten, so closed documents hold no editor
   * state. Queued with the buffer updates (one still queued is superseded) and applied by the same
   * drain on the executor, after any update queued before it; completes with whether the saved file
   * is in the model.
   */
  public CompletableFuture<Boolean> documentClosed(
      Path file, boolean keep, Predicate<String> heldByEditor) {
    Path abs = file.toAbsolutePath().normalize();
    String uri = abs.toUri().toString();
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Closing superseded;
    synchronized (pending) {
      superseded =
          enqueue(
              uri,
              new PendingUpdate(
                  Language.GENERIC, "", false, new Closing(abs, keep, heldByEditor, result)));
    }
    moot(superseded);
    scheduleDrain();
    return result;
  }

  /** Applies a closing (see {@link #documentClosed}); runs in the drain. */
  private boolean close(String uri, Closing closing) {
    Path abs = closing.file();
    boolean keep = closing.keep();
    Language language = languageOfUri.get(uri);
    LanguageState state = language == null ? null : stateFor(language);
    DocumentEntry entry = state == null ? null : state.documents().get(uri);
    boolean onDisk = Files.isRegularFile(abs);
    // a file the model learned from disk before (indexed, within the budget) stays learned
    boolean belongs = entry != null && (!entry.fromEditor() || state.takeLearnedBeforeEditor(uri));
    if (keep && entry != null && entry.fromEditor() && onDisk) {
      DocumentEntry disk = WorkspaceIndexer.readEntry(abs, language, state);
      if (disk != null && (belongs || fitsBudget(0)) && state.settleFromDisk(uri, disk)) {
        return true; // the buffer was the saved file: nothing changes
      }
      // the buffer's tokens give way to the saved file's (the recent-files cache keeps them
      // within its bound: the user just worked on this file)
      state.dropEditorEntry(uri);
    }
    // a file the index left out for the budget is learned only if it fits
    long size = onDisk ? sizeOf(abs) : 0;
    boolean room = belongs || fitsBudget(size / BYTES_PER_TOKEN_OF_SOURCE);
    if (!keep || !onDisk || !room) {
      if (state != null) {
        state.remove(uri);
        forgetUri(uri);
        if (state.needsRebuild()) {
          state.rebuild();
        }
      }
      return false;
    }
    WorkspaceIndexer.Stability stability =
        new WorkspaceIndexer.Stability(0, closing.heldByEditor(), System::currentTimeMillis);
    new WorkspaceIndexer(
            settings, this, WorkspaceIgnore.ignoreFilesOnly(), stability, IndexLimits.NONE)
        .learnIfStable(abs);
    return knows(uri);
  }

  /** Whether {@code tokens} more fit the model's byte budget ({@code embedded.maxModelMb}). */
  private boolean fitsBudget(long tokens) {
    return staticBytes() + tokens * WorkspaceIndexer.ESTIMATED_BYTES_PER_TOKEN
        <= coverage.budgetBytes();
  }

  /** Source bytes per model token, roughly (Java: 4.3; comments and spaces have no tokens). */
  private static final long BYTES_PER_TOKEN_OF_SOURCE = 4;

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public List<String> complete(FimRequest fim, int candidates, CancelChecker cancel) {
    if (candidates <= 0) {
      return List.of();
    }
    Language language = Language.detect(fim.language(), fim.path());
    return engine.complete(stateFor(language), fim, candidates, cancel);
  }

  @Override
  public List<RankedWord> rankWords(FimRequest fim, int limit, CancelChecker cancel) {
    if (limit <= 0) {
      return List.of();
    }
    Language language = Language.detect(fim.language(), fim.path());
    return new WordRanking().rank(stateFor(language), fim, limit, cancel);
  }

  /**
   * Every candidate word of the menu at the cursor with the re-ranker's features, unordered: what
   * {@code MenuBenchmark} trains {@link WordReranker} on. Runs on the caller's thread.
   */
  public List<WordReranker.Candidate> wordCandidates(FimRequest fim, CancelChecker cancel) {
    Language language = Language.detect(fim.language(), fim.path());
    return new WordRanking().candidates(stateFor(language), fim, cancel).candidates();
  }

  /**
   * Writes the model to the cache folder (no-op without one), holding the folder's lock. When
   * another process saved the folder since this model last read or wrote it, that file's documents
   * are merged in first (theirs where this model has none or an older disk version, never a
   * document this model forgot or whose file is gone), so neither writer loses the other's work.
   * Blocks: call from a background thread.
   */
  public void persist() {
    if (store == null) {
      return;
    }
    synchronized (persisting) {
      if (closed) {
        // an indexing that ended after the backend closed: its folder may be gone already (the
        // store would create it again)
        LOG.debug("Not persisting the closed embedded model of {}", store.file());
        return;
      }
      persistLocked();
    }
  }

  private void persistLocked() {
    try {
      store.locked(
          () -> {
            if (store.changedSinceSeen()) {
              merge(store.load(settings, Runnable::run));
            }
            List<LanguageState> list;
            synchronized (states) {
              list = new ArrayList<>(states.values());
            }
            store.save(list, settings.order());
            return null;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot persist the embedded model to " + store.file(), e);
    }
  }

  private void merge(List<LanguageState> theirs) {
    for (LanguageState t : theirs) {
      LanguageState ours = stateFor(t.language());
      int merged = 0;
      for (Map.Entry<String, DocumentEntry> e : t.documents().entrySet()) {
        String uri = e.getKey();
        DocumentEntry their = e.getValue();
        DocumentEntry mine = ours.documents().get(uri);
        if (mine != null && (mine.fromEditor() || mine.lastModified() >= their.lastModified())) {
          continue;
        }
        if (mine == null && (forgotten.contains(uri) || !existsOnDisk(uri))) {
          continue;
        }
        if (languageOfUri.getOrDefault(uri, t.language()) != t.language()) {
          continue;
        }
        int[] tokens = remap(their.tokens(), t.vocabulary(), ours.vocabulary());
        ours.putFromDisk(uri, new DocumentEntry(tokens, their.size(), their.lastModified()));
        languageOfUri.put(uri, t.language());
        merged++;
      }
      if (merged > 0) {
        LOG.debug("Merged {} {} documents saved by another process", merged, t.language());
        ours.rebuild();
      }
    }
  }

  private static int[] remap(int[] tokens, Vocabulary from, Vocabulary to) {
    int[] out = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int word = to.id(from.word(TokenCodec.word(tokens[i])));
      out[i] = TokenCodec.encode(word, TokenCodec.lineEnds(tokens[i]));
    }
    return out;
  }

  private static boolean existsOnDisk(String uri) {
    try {
      return Files.isRegularFile(Path.of(URI.create(uri)));
    } catch (RuntimeException e) {
      return false;
    }
  }

  public EmbeddedStats stats() {
    List<LanguageState> list;
    synchronized (states) {
      list = new ArrayList<>(states.values());
    }
    int docs = 0;
    long tokens = 0;
    int vocab = 0;
    long bytes = 0;
    long staticBytes = 0;
    int editor = 0;
    int platformDocs = 0;
    long platformTokens = 0;
    Map<String, Long> byLanguage = new LinkedHashMap<>();
    for (LanguageState s : list) {
      bytes += s.retainedBytes();
      if (s.documents().isEmpty()) {
        continue;
      }
      LanguageState.Count platform = s.platformDocuments();
      platformDocs += platform.documents();
      platformTokens += platform.tokens();
      docs += s.documents().size() - platform.documents();
      long t = s.tokens() - platform.tokens();
      tokens += t;
      vocab += s.vocabulary().size();
      staticBytes += s.staticBytes();
      editor += s.editorDocuments();
      if (t > 0) {
        byLanguage.put(s.language().name().toLowerCase(Locale.ROOT), t);
      }
    }
    WorkspaceIndexer.Coverage c = coverage;
    return new EmbeddedStats(
        docs,
        tokens,
        vocab,
        bytes,
        byLanguage,
        editor,
        c.workspaceFiles(),
        c.overBudget(),
        staticBytes,
        platformDocs,
        platformTokens);
  }

  /** The estimated heap the byte budget bounds (counts, document tokens, vocabulary). */
  long staticBytes() {
    List<LanguageState> list;
    synchronized (states) {
      list = new ArrayList<>(states.values());
    }
    long bytes = 0;
    for (LanguageState s : list) {
      bytes += s.staticBytes();
    }
    return bytes;
  }

  void noteCoverage(WorkspaceIndexer.Coverage coverage) {
    this.coverage = coverage;
  }

  @Override
  public void close() {
    synchronized (persisting) {
      closed = true; // after a write in progress; none starts after this
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  LanguageState stateFor(Language language) {
    synchronized (states) {
      return states.computeIfAbsent(language, l -> new LanguageState(l, settings, executor));
    }
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // the executor's queue is full: the next update schedules the drain again
        drainScheduled.set(false);
        LOG.debug("Embedded model update deferred: {}", e.toString());
      }
    }
  }

  private void drain() {
    while (true) {
      Map<String, PendingUpdate> batch;
      List<CompletableFuture<Void>> applied;
      synchronized (pending) {
        if (pending.isEmpty()) {
          drainScheduled.set(false);
          return;
        }
        batch = new LinkedHashMap<>(pending);
        pending.clear();
        applied = List.copyOf(pendingApplied);
        pendingApplied.clear();
      }
      try {
        apply(batch);
      } catch (RuntimeException e) {
        LOG.warn("Embedded model update failed", e);
      } finally {
        applied.forEach(f -> f.complete(null));
        // a closing the failure skipped still answers (no-op for those applied)
        batch.values().stream()
            .filter(u -> u.closing() != null)
            .forEach(u -> u.closing().result().complete(false));
      }
    }
  }

  private void apply(Map<String, PendingUpdate> batch) {
    List<LanguageState> touched = new ArrayList<>();
    for (Map.Entry<String, PendingUpdate> e : batch.entrySet()) {
      String uri = e.getKey();
      PendingUpdate u = e.getValue();
      if (u.closing() != null) {
        try {
          u.closing().result().complete(close(uri, u.closing()));
        } catch (RuntimeException failed) {
          u.closing().result().completeExceptionally(failed);
        }
        continue;
      }
      Language previous = languageOfUri.get(uri);
      if (previous != null && (u.removed() || previous != u.language())) {
        LanguageState old = stateFor(previous);
        old.remove(uri);
        languageOfUri.remove(uri);
        touched.add(old);
      }
      if (u.removed()) {
        forgotten.add(uri);
        continue;
      }
      forgotten.remove(uri);
      if (u.text().length() > settings.maxFileBytes()) {
        continue;
      }
      LanguageState state = stateFor(u.language());
      int[] tokens = state.encode(u.text());
      if (state.documents().containsKey(uri) || fitsBudget(tokens.length)) {
        state.putFromEditor(uri, tokens);
      } else {
        // a file the budget left out, with no room for it now: its buffer feeds the recent-files
        // and directory caches but not the static counts, so opening files of a workspace bigger
        // than the budget neither grows the model past it nor rebuilds it (a rebuild holds the
        // old and the new counts at once: the server's memory peak)
        state.putInCaches(uri, tokens);
      }
      languageOfUri.put(uri, u.language());
      touched.add(state);
    }
    for (LanguageState s : touched) {
      if (s.needsRebuild()) {
        s.rebuild();
      }
    }
  }

  PlatformLibrary platformLibrary() {
    return platformLibrary;
  }

  void forgetUri(String uri) {
    languageOfUri.remove(uri);
    forgotten.add(uri);
  }

  void rememberUri(String uri, Language language) {
    languageOfUri.put(uri, language);
    forgotten.remove(uri);
  }

  /** Whether the model has learned (or been told about) the document {@code uri}. */
  public boolean knows(String uri) {
    return languageOfUri.containsKey(uri);
  }

  /** Configures an {@link EmbeddedCodeModel}. */
  public static final class Builder {
    private Path cacheDir;
    private Path seedDir;
    private Executor executor;
    private long maxFileBytes = 1_000_000;
    private long maxTokensPerLanguage = 20_000_000;
    private long maxModelBytes = Long.MAX_VALUE;
    private int order = 6;
    private int cacheOrder = 10;
    private int recentTokens = 150_000;
    private int directoryTokens = 50_000;
    private long directoryBytes = 24L << 20;
    private int directoryHoldBack = DirectoryCaches.EVICTING_BUILD_SHARE;
    private int nearTokens = 150;
    private int identifierWindow = 40;
    private long pruneAboveTokens = 1_000_000;
    private long eagerRebuildTokens = 300_000;
    private double rebuildFraction = 0.02;
    private long keepCountsBelowBytes = 16L << 20;
    private MixtureWeights weights = MixtureWeights.DEFAULT;
    private Duration searchBudget = Duration.ofMillis(8);
    private Duration requestedSearchBudget = Duration.ofMillis(50);
    private PlatformLibrary platformLibrary = PlatformLibrary.NONE;

    private Builder() {}

    /**
     * The languages' standard libraries an index run learns after the workspace, into what the
     * workspace left of the budget ({@link PlatformLibrary#detect}); none by default.
     */
    public Builder platformLibrary(PlatformLibrary library) {
      this.platformLibrary = Objects.requireNonNull(library, "library");
      return this;
    }

    /** Folder for the persisted model; without it the model lives in memory only. */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = cacheDir;
      return this;
    }

    /**
     * A folder holding a model to start from when {@link #cacheDir} has none yet (a shared model).
     * It is only read: the model persists to its own cache folder.
     */
    public Builder seedDir(Path seedDir) {
      this.seedDir = seedDir;
      return this;
    }

    /** Runs indexing, updates and rebuilds; without it the model owns one daemon thread. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    public Builder maxFileBytes(long maxFileBytes) {
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /** Token budget per language; files beyond it are skipped (bounded memory). */
    public Builder maxTokensPerLanguage(long maxTokens) {
      this.maxTokensPerLanguage = maxTokens;
      return this;
    }

    /**
     * Budget of the model's estimated heap for what it learns from workspaces (counts, document
     * tokens, vocabulary; the caches have their own bounds). Default: none beyond {@link
     * #maxTokensPerLanguage}. {@link IndexLimits#maxModelBytes()} may lower it per index run.
     */
    public Builder maxModelBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxModelBytes must not be negative");
      }
      this.maxModelBytes = bytes;
      return this;
    }

    /** N-gram order, 2..8 (default 6). */
    public Builder order(int order) {
      if (order < 2 || order > 8) {
        throw new IllegalArgumentException("order must be 2..8");
      }
      this.order = order;
      return this;
    }

    /**
     * N-gram order of the caches (current file, its directory, recent files), 2..16 (default 10):
     * caches are small, so they can afford long contexts that catch repeated sequences.
     */
    public Builder cacheOrder(int order) {
      if (order < 2 || order > 16) {
        throw new IllegalArgumentException("cacheOrder must be 2..16");
      }
      this.cacheOrder = order;
      return this;
    }

    /** Size in tokens of the cache of one directory's other files (default 50k). */
    public Builder directoryTokens(int directoryTokens) {
      this.directoryTokens = directoryTokens;
      return this;
    }

    /**
     * Retained bytes of the directory caches kept per language (default 24 MB: a full 50k-token
     * cache of order 10 takes about 12 MB; 32 MB put the 20,000-file MemoryBench at 310 MB RSS,
     * over its 300 MB target); the least recently used are dropped first.
     */
    public Builder directoryBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("directoryBytes must not be negative");
      }
      this.directoryBytes = bytes;
      return this;
    }

    /**
     * After a directory-cache build that evicted another (the caches are at their bytes), missing
     * caches are not built for this many times that build's time (default 20: such builds take at
     * most a twentieth of a core when requests hop among more directories than fit). 0 builds them
     * at once, so that which requests had a directory cache does not depend on timing (a benchmark
     * of the rankings).
     */
    public Builder directoryHoldBack(int times) {
      if (times < 0) {
        throw new IllegalArgumentException("directoryHoldBack must not be negative");
      }
      this.directoryHoldBack = times;
      return this;
    }

    /** How many tokens before the cursor make the locality cache (default 150). */
    public Builder nearTokens(int nearTokens) {
      if (nearTokens < 1) {
        throw new IllegalArgumentException("nearTokens must be positive");
      }
      this.nearTokens = nearTokens;
      return this;
    }

    /** How many identifiers before the cursor make the identifier cache (default 40). */
    public Builder identifierWindow(int identifiers) {
      if (identifiers < 1) {
        throw new IllegalArgumentException("identifierWindow must be positive");
      }
      this.identifierWindow = identifiers;
      return this;
    }

    /** Size in tokens of the recently-edited-files cache (default 150k). */
    public Builder recentTokens(int recentTokens) {
      this.recentTokens = recentTokens;
      return this;
    }

    /**
     * When the static model is rebuilt after edits: always while it is smaller than {@code
     * eagerTokens}, else once {@code fraction} of its tokens changed (edits are visible at once
     * through the caches).
     */
    public Builder rebuildPolicy(long eagerTokens, double fraction) {
      this.eagerRebuildTokens = eagerTokens;
      this.rebuildFraction = fraction;
      return this;
    }

    /**
     * Static counts at least {@code bytes} large (default 16 MB: a workspace of about 1.3 M tokens)
     * are let go before they are rebuilt, so that the new counts and the build's tables do not come
     * on top of them; requests are served by the caches meanwhile.
     */
    public Builder keepCountsBelow(long bytes) {
      this.keepCountsBelowBytes = bytes;
      return this;
    }

    public Builder weights(MixtureWeights weights) {
      this.weights = Objects.requireNonNull(weights);
      return this;
    }

    /**
     * Latency budget of the beam search of one request (default 8 ms); when it runs out the best
     * confident part found so far is returned.
     */
    public Builder searchBudget(Duration budget) {
      this.searchBudget = Objects.requireNonNull(budget);
      return this;
    }

    /**
     * Latency budget of the beam search of a completion the user asked for and waits for (default
     * 50 ms: an explicitly invoked inline completion, the command line's {@code complete}, {@link
     * dev.codeloop.model.FimRequest#requested}). Such a request often comes from a process that
     * just started (the command line), whose code the JIT has not compiled yet: 8 ms there is one
     * step of the search.
     */
    public Builder requestedSearchBudget(Duration budget) {
      this.requestedSearchBudget = Objects.requireNonNull(budget);
      return this;
    }

    /** Loads the persisted model from the cache folder when there is a compatible one. */
    public EmbeddedCodeModel build() {
      return new EmbeddedCodeModel(this);
    }
  }
}

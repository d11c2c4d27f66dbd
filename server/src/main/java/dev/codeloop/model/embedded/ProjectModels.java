package dev.codeloop.model.embedded;

import dev.codeloop.files.RealPaths;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.LocalCompletionModel;
import dev.codeloop.model.WordRanker;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded model per workspace root, so code of one project never feeds completions in another.
 * Each project's model is persisted in {@code <baseDir>/projects/<key>}, where the key is a hash of
 * the root's real path; it may start from a shared model folder the user names, which is only read.
 * Files outside every root are learned by a scratch model that lives in memory only.
 *
 * <p>A completion request from an editor names its document: it is served by the project whose root
 * holds that file (the deepest), else by the scratch model — two editors whose projects both hold
 * {@code src/App.java} each get their own. A request that names only a workspace-relative path is
 * served by the project whose root holds that file (open in an editor, learned, or on disk), the
 * most recently used one when several roots hold the same relative path, else by the scratch model.
 */
public final class ProjectModels implements LocalCompletionModel, WordRanker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectModels.class);
  static final String PROJECTS = "projects";

  private final Path baseDir;
  private final Executor executor;
  private final Supplier<EmbeddedCodeModel.Builder> configure;
  private final Duration maxWait;
  private final Map<Path, Project> projects = new ConcurrentHashMap<>();
  private final EmbeddedCodeModel scratch;

  /** Documents open in an editor (real paths), counted per session that has them open. */
  private final Map<Path, Integer> openDocuments = new ConcurrentHashMap<>();

  private final AtomicLong clock = new AtomicLong();

  private volatile boolean closed;

  private record Project(Path root, CompletableFuture<EmbeddedCodeModel> model, AtomicLong used) {}

  /**
   * @param baseDir the user's embedded-model folder, or null to keep every model in memory only
   * @param executor loads models and runs their background work
   * @param configure a fresh builder with the tuning every model gets (the cache folder is set
   *     here)
   * @param maxWait how long a completion waits for its project's model to load
   */
  public ProjectModels(
      Path baseDir,
      Executor executor,
      Supplier<EmbeddedCodeModel.Builder> configure,
      Duration maxWait) {
    this.baseDir = baseDir;
    this.executor = Objects.requireNonNull(executor, "executor");
    this.configure = Objects.requireNonNull(configure, "configure");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    this.scratch = configure.get().executor(executor).build();
  }

  /** The folder a root's model is persisted in: its key is a hash of the root's real path. */
  public static Path folderFor(Path baseDir, Path root) {
    return folderOfReal(baseDir, RealPaths.of(root));
  }

  /** {@link #folderFor} of a root whose path is real already (the keys of {@code projects}). */
  private static Path folderOfReal(Path baseDir, Path realRoot) {
    return baseDir.resolve(PROJECTS).resolve(key(realRoot));
  }

  static String key(Path realRoot) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(realRoot.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * The model of the project at {@code root}, loading it in the background on first use.
   *
   * @param shared a model folder to start from when the project has none yet (only read), if the
   *     user asked for one
   */
  public CompletableFuture<EmbeddedCodeModel> project(Path root, Optional<Path> shared) {
    Path real = RealPaths.of(root);
    Project p =
        projects.computeIfAbsent(
            real,
            r ->
                new Project(
                    r,
                    CompletableFuture.supplyAsync(() -> load(r, shared), executor),
                    new AtomicLong(clock.incrementAndGet())));
    p.used().set(clock.incrementAndGet());
    return p.model();
  }

  private EmbeddedCodeModel load(Path realRoot, Optional<Path> shared) {
    EmbeddedCodeModel.Builder b = configure.get().executor(executor);
    if (baseDir != null) {
      Path folder = folderOfReal(baseDir, realRoot);
      b.cacheDir(folder);
      try {
        Files.createDirectories(folder);
        Path about = folder.resolve("root.txt");
        if (!Files.exists(about)) {
          Files.writeString(about, realRoot + "\n"); // for people looking at the folder
        }
      } catch (IOException e) {
        LOG.debug("Cannot write {}: {}", folder, e.toString());
      }
    }
    shared.ifPresent(b::seedDir);
    EmbeddedCodeModel m = b.build();
    if (closed) {
      m.close(); // loaded after close(), which may have missed it
    }
    return m;
  }

  /**
   * The model that learns the document {@code uri}: its project's (the deepest root holding it),
   * else the scratch model.
   */
  public CompletableFuture<EmbeddedCodeModel> forUri(String uri) {
    Project best = owner(uri);
    if (best == null) {
      return CompletableFuture.completedFuture(scratch);
    }
    best.used().set(clock.incrementAndGet());
    return best.model();
  }

  /** The project of the deepest root holding the file {@code uri}, or null. */
  private Project owner(String uri) {
    Optional<Path> path = pathOf(uri);
    Project best = null;
    if (path.isPresent()) {
      Path real = RealPaths.of(path.get());
      for (Project p : projects.values()) {
        if (real.startsWith(p.root())
            && (best == null || p.root().getNameCount() > best.root().getNameCount())) {
          best = p;
        }
      }
    }
    return best;
  }

  /**
   * An editor opened {@code uri}: requests naming its relative path are served by its project even
   * before the file is saved or learned.
   */
  public void opened(String uri) {
    pathOf(uri).ifPresent(p -> openDocuments.merge(RealPaths.of(p), 1, Integer::sum));
  }

  /** An editor closed {@code uri}. */
  public void closed(String uri) {
    pathOf(uri)
        .ifPresent(
            p -> openDocuments.computeIfPresent(RealPaths.of(p), (k, n) -> n > 1 ? n - 1 : null));
  }

  /**
   * An editor is done with {@code uri} (after {@link #closed}): once no other session has it open,
   * the model that learned its buffer lets the saved file take its place (learned from disk when
   * {@code learnSaved}, e.g. not an excluded file) or forgets it: always in the scratch model (a
   * file outside every project, or not a file at all), which keeps no closed document. While
   * another session has it open nothing changes (false).
   */
  public CompletableFuture<Boolean> documentClosed(
      String uri, boolean learnSaved, Predicate<String> heldByEditor) {
    Optional<Path> path = pathOf(uri);
    if (path.isEmpty()) {
      scratch.removeDocument(uri);
      return CompletableFuture.completedFuture(false);
    }
    if (openDocuments.containsKey(RealPaths.of(path.get()))) {
      // another session still has it open (its close was counted first, by closed): what the
      // model learned from a buffer stays until the last editor is done with the file
      return CompletableFuture.completedFuture(false);
    }
    return forUri(uri)
        .thenCompose(m -> m.documentClosed(path.get(), learnSaved && m != scratch, heldByEditor));
  }

  @Override
  public List<String> complete(FimRequest fim, int candidates, CancelChecker cancel) {
    return new LoadingLocalModel(route(fim), maxWait).complete(fim, candidates, cancel);
  }

  /** Never waits: while the project's model loads, the answer is empty. */
  @Override
  public List<RankedWord> rankWords(FimRequest fim, int limit, CancelChecker cancel) {
    CompletableFuture<EmbeddedCodeModel> model = route(fim);
    EmbeddedCodeModel m = model.isCompletedExceptionally() ? null : model.getNow(null);
    return m == null ? List.of() : m.rankWords(fim, limit, cancel);
  }

  /**
   * The model serving {@code fim}: the project holding its document (the scratch model for a
   * document outside every project), or, for a request that names none, {@link #route(String)}.
   */
  CompletableFuture<EmbeddedCodeModel> route(FimRequest fim) {
    if (fim.document().isEmpty()) {
      return route(fim.path());
    }
    Project owner = owner(fim.document().get());
    return owner == null ? CompletableFuture.completedFuture(scratch) : owner.model();
  }

  /**
   * The model serving a request for the file at the workspace-relative {@code path} that names no
   * document: the project holding that path, the most recently used one when several do.
   */
  CompletableFuture<EmbeddedCodeModel> route(String path) {
    Project best = null;
    for (Project p : projects.values()) {
      if (holds(p, path) && (best == null || p.used().get() > best.used().get())) {
        best = p;
      }
    }
    return best == null ? CompletableFuture.completedFuture(scratch) : best.model();
  }

  private boolean holds(Project p, String relative) {
    Path file;
    try {
      file = p.root().resolve(relative).normalize();
    } catch (RuntimeException e) {
      return false;
    }
    if (!file.startsWith(p.root()) || file.equals(p.root())) {
      return false;
    }
    EmbeddedCodeModel m = p.model().getNow(null);
    return openDocuments.containsKey(file)
        || (m != null && m.knows(file.toUri().toString()))
        || Files.isRegularFile(file);
  }

  private static Optional<Path> pathOf(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equals(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The models loaded so far, by project root (real path); never waits. */
  public Map<Path, EmbeddedCodeModel> loaded() {
    Map<Path, EmbeddedCodeModel> out = new LinkedHashMap<>();
    for (Project p : projects.values()) {
      EmbeddedCodeModel m = p.model().getNow(null);
      if (m != null && !p.model().isCompletedExceptionally()) {
        out.put(p.root(), m);
      }
    }
    return out;
  }

  /**
   * Deletes the persisted models of other projects that are unused for long ({@link
   * ProjectFolders.Policy#DEFAULT}: 90 days; 7 once their root is gone) or beyond the cache's 2 GB,
   * least recently written first; never a project this object serves. Blocks: background only.
   *
   * @return how many project folders were deleted
   */
  public int pruneFolders(Instant now) {
    if (baseDir == null || closed) {
      return 0;
    }
    Set<Path> inUse = new HashSet<>();
    for (Path realRoot : projects.keySet()) {
      inUse.add(folderOfReal(baseDir, realRoot));
    }
    return ProjectFolders.prune(
            baseDir.resolve(PROJECTS), inUse, ProjectFolders.Policy.DEFAULT, now)
        .size();
  }

  /** Persists every loaded project model (best effort per project). Blocks: background only. */
  public void persist() {
    for (Map.Entry<Path, EmbeddedCodeModel> e : loaded().entrySet()) {
      try {
        e.getValue().persist();
      } catch (RuntimeException ex) {
        LOG.warn("Cannot persist the embedded model of {}: {}", e.getKey(), ex.getMessage());
      }
    }
  }

  /** What all loaded models (and the scratch model) hold together. */
  public EmbeddedStats stats() {
    List<EmbeddedStats> all = new ArrayList<>();
    loaded().values().forEach(m -> all.add(m.stats()));
    all.add(scratch.stats());
    return EmbeddedStats.sum(all);
  }

  /**
   * Closes every project's model, those still loading once they are loaded: none of them writes its
   * folder after this returns (a model being written is waited for).
   */
  @Override
  public void close() {
    closed = true;
    for (Project p : projects.values()) {
      p.model().thenAccept(EmbeddedCodeModel::close);
    }
    scratch.close();
  }
}

package dev.codeloop.ignore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one ignore engine: decides whether a path of the workspace is ignored, for the privacy filter
 * (never sent to a model), the embedded model's indexer (never learned) and anything else that
 * walks the workspace. A path is ignored when
 *
 * <ul>
 *   <li>it is a {@code .git} directory, or a secret-looking file ({@link SecretFiles});
 *   <li>it matches {@code privacy.excludeGlobs} (relative to its workspace root);
 *   <li>the {@code .gitignore} / {@code .codeloopignore} of any folder from its root down to its
 *       parent says so, with git's semantics: a file's patterns are relative to its own folder, the
 *       deepest file that has a matching pattern decides, the last matching pattern of a file wins
 *       ({@code !} re-includes), and nothing below an ignored directory can be re-included.
 * </ul>
 *
 * A path outside every root is judged by its name and by the globs (against its absolute path).
 * Parsed ignore files are cached in an {@link IgnoreFileCache}. Thread-safe.
 */
public final class WorkspaceIgnore {
  private final Supplier<List<Path>> roots;
  private final Supplier<List<String>> excludeGlobs;
  private final IgnoreFileCache files;
  private volatile Map.Entry<List<String>, IgnoreRules> globs =
      Map.entry(List.of(), IgnoreRules.NONE);

  /**
   * @param roots the workspace roots, read on every call (they change with the session's folders)
   * @param excludeGlobs the {@code privacy.excludeGlobs} in force, read on every call
   */
  public WorkspaceIgnore(
      Supplier<List<Path>> roots, Supplier<List<String>> excludeGlobs, IgnoreFileCache files) {
    this.roots = Objects.requireNonNull(roots, "roots");
    this.excludeGlobs = Objects.requireNonNull(excludeGlobs, "excludeGlobs");
    this.files = Objects.requireNonNull(files, "files");
  }

  /** Ignore files and secret-looking files only: no roots, no settings. */
  public static WorkspaceIgnore ignoreFilesOnly() {
    return new WorkspaceIgnore(List::of, List::of, new IgnoreFileCache());
  }

  /** Whether the file (or directory) at {@code path} is ignored; its parents are checked too. */
  public boolean isIgnored(Path path, boolean directory) {
    Path p = path.toAbsolutePath().normalize();
    Path root = rootOf(p);
    if (root == null) {
      Path name = p.getFileName();
      if (isSecretOrGit(name == null ? "" : name.toString(), directory)) {
        return true;
      }
      String abs = p.toString().replace('\\', '/').replaceFirst("^/", "");
      return Boolean.TRUE.equals(excludeGlobs().match(abs, directory));
    }
    Path rel = root.relativize(p);
    for (int i = 1; i < rel.getNameCount(); i++) {
      if (isEntryIgnored(root, root.resolve(rel.subpath(0, i)), true)) {
        return true;
      }
    }
    return isEntryIgnored(root, p, directory);
  }

  /** Whether a document name that is not a file path (e.g. {@code untitled:…}) is ignored. */
  public boolean isNameIgnored(String name) {
    return SecretFiles.isSecret(name) || Boolean.TRUE.equals(excludeGlobs().match(name, false));
  }

  /**
   * Whether one entry met while walking {@code root} top-down is ignored, its parent directories
   * being known not to be (the walker did not skip them). Cheaper than {@link #isIgnored}.
   */
  public boolean isEntryIgnored(Path root, Path entry, boolean directory) {
    Path name = entry.getFileName();
    if (isSecretOrGit(name == null ? "" : name.toString(), directory)) {
      return true;
    }
    if (entry.equals(root)) {
      return false;
    }
    String rel = slashes(root.relativize(entry));
    if (Boolean.TRUE.equals(excludeGlobs().match(rel, directory))) {
      return true;
    }
    for (Path dir = entry.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
      IgnoreRules rules = files.rulesOf(dir);
      if (rules.isEmpty()) {
        continue; // most folders have no ignore file: no relative path to build
      }
      Boolean m = rules.match(slashes(dir.relativize(entry)), directory);
      if (m != null) {
        return m;
      }
    }
    return false;
  }

  /**
   * What every answer of this engine depends on besides the path: the roots, the globs and the
   * ignore files' {@link IgnoreFileCache#generation}. An answer given under an equal state is still
   * right while {@link IgnoreFileCache#isFresh} holds for when it was given.
   */
  public record State(List<Path> roots, List<String> globs, long filesGeneration) {}

  /** The current {@link State}. */
  public State state() {
    return new State(roots.get(), excludeGlobs.get(), files.generation());
  }

  /**
   * Whether {@code state} equals the current {@link #state()}, without making one (the privacy
   * filter asks this for every open document of every completion).
   */
  public boolean isCurrent(State state) {
    return state.filesGeneration() == files.generation()
        && state.roots().equals(roots.get())
        && state.globs().equals(excludeGlobs.get());
  }

  /** The ignore files behind this engine. */
  public IgnoreFileCache files() {
    return files;
  }

  /** The deepest workspace root holding {@code path}, or null. */
  public Path rootOf(Path path) {
    Path best = null;
    for (Path r : roots.get()) {
      Path root = r.toAbsolutePath().normalize();
      if (path.startsWith(root) && (best == null || root.getNameCount() > best.getNameCount())) {
        best = root;
      }
    }
    return best;
  }

  private static boolean isSecretOrGit(String name, boolean directory) {
    return directory ? name.equals(".git") : SecretFiles.isSecret(name);
  }

  private IgnoreRules excludeGlobs() {
    List<String> current = excludeGlobs.get();
    Map.Entry<List<String>, IgnoreRules> cached = globs;
    if (!cached.getKey().equals(current)) {
      cached = Map.entry(List.copyOf(current), IgnoreRules.of(current));
      globs = cached;
    }
    return cached.getValue();
  }

  private static String slashes(Path relative) {
    return relative.toString().replace('\\', '/');
  }
}

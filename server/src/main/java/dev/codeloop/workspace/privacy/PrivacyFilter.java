package dev.codeloop.workspace.privacy;

import dev.codeloop.ignore.IgnoreFileCache;
import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which files may be sent to a model — the one privacy filter of a session, used by
 * completion, code actions, chat and the embedded model's feeder. A file is never sent when the
 * session's {@link WorkspaceIgnore} ignores it: secret-looking files ({@code .env}, {@code *.pem},
 * {@code id_rsa*}, ...), {@code privacy.excludeGlobs}, and the nested {@code .gitignore} / {@code
 * .codeloopignore} files of the workspace roots. Also hands out the {@link SecretRedactor} for text
 * that is sent.
 */
public final class PrivacyFilter {
  private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

  /** Why actions are disabled on an excluded file. */
  public static final String REASON =
      "this file is ignored (.gitignore/.codeloopignore), looks like a secret, or matches"
          + " privacy.excludeGlobs, so it is never sent to a model";

  private final Supplier<PrivacySettings> settings;
  private final WorkspaceIgnore ignore;
  private final SecretRedactor redacting = new SecretRedactor(true);
  private final SecretRedactor notRedacting = new SecretRedactor(false);

  public PrivacyFilter(Supplier<List<Path>> roots, Supplier<PrivacySettings> settings) {
    this(roots, settings, new IgnoreFileCache());
  }

  public PrivacyFilter(
      Supplier<List<Path>> roots, Supplier<PrivacySettings> settings, IgnoreFileCache files) {
    this.settings = settings;
    this.ignore = new WorkspaceIgnore(roots, () -> settings.get().excludeGlobs(), files);
  }

  /** No workspace and no settings: only secret-looking files are excluded (tests, tools). */
  public static PrivacyFilter secretFilesOnly() {
    return new PrivacyFilter(List::of, () -> new PrivacySettings(List.of(), true));
  }

  /** The ignore engine behind this filter (the indexer walks the workspace with it). */
  public WorkspaceIgnore ignore() {
    return ignore;
  }

  /** Whether the document at {@code uri} may be sent to a model (in whole or in part). */
  public boolean isAllowed(String uri) {
    return verdict(uri).allowed();
  }

  /**
   * What was decided for a document and under which {@link WorkspaceIgnore.State}: a completion
   * asks about its document and every other open one, each a URI parse, a path walk and the ignore
   * rules of every folder on the way (the largest allocation left on the request thread after the
   * text itself). A verdict is reused while the roots, the globs and the ignore files' rules are
   * the same and for at most the ignore files' recheck period (the time the rules themselves are
   * trusted without a look at their files): a changed {@code .gitignore} takes effect as before,
   * within two such periods at worst.
   */
  private record Verdict(
      boolean allowed, String relativePath, WorkspaceIgnore.State state, long decidedAt) {}

  private static final int MAX_VERDICTS = 4096;

  private final ConcurrentHashMap<String, Verdict> verdicts = new ConcurrentHashMap<>();

  private Verdict verdict(String uri) {
    Verdict v = verdicts.get(uri);
    if (v != null && ignore.isCurrent(v.state()) && ignore.files().isFresh(v.decidedAt())) {
      return v;
    }
    WorkspaceIgnore.State state = ignore.state();
    long decidedAt = ignore.files().now();
    Optional<Path> path = toPath(uri);
    boolean allowed =
        path.isPresent()
            ? !ignore.isIgnored(path.get(), false)
            : !ignore.isNameIgnored(lastSegment(uri));
    v = new Verdict(allowed, relativePath(uri, path), state, decidedAt);
    if (verdicts.size() >= MAX_VERDICTS) {
      verdicts.clear();
    }
    verdicts.put(uri, v);
    return v;
  }

  /** Whether the document at {@code uri} must not be sent to a model. */
  public boolean excluded(String uri) {
    return !isAllowed(uri);
  }

  /** Whether the file at {@code file} must not be sent to a model. */
  public boolean excluded(Path file) {
    return ignore.isIgnored(file, false);
  }

  /** The redactor configured by {@code privacy.redactSecrets}. */
  public SecretRedactor redactor() {
    return settings.get().redactSecrets() ? redacting : notRedacting;
  }

  /** The workspace-relative path of a document (its file name when outside every root). */
  public String relativePath(String uri) {
    return verdict(uri).relativePath();
  }

  private String relativePath(String uri, Optional<Path> path) {
    if (path.isEmpty()) {
      return lastSegment(uri);
    }
    Path root = ignore.rootOf(path.get());
    if (root != null) {
      return root.relativize(path.get()).toString().replace('\\', '/');
    }
    Path name = path.get().getFileName();
    return name == null ? "" : name.toString();
  }

  private static String lastSegment(String uri) {
    int slash = uri.lastIndexOf('/');
    return slash >= 0 ? uri.substring(slash + 1) : uri;
  }

  static Optional<Path> toPath(String uri) {
    try {
      URI u = URI.create(uri);
      if ("file".equalsIgnoreCase(u.getScheme())) {
        return Optional.of(Path.of(u).normalize());
      }
    } catch (RuntimeException e) {
      LOG.debug("Not a file URI: {}", uri);
    }
    return Optional.empty();
  }
}

package dev.codeloop.workspace.privacy;

import dev.codeloop.settings.ServerSettings.PrivacySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which files may be sent to a model: never secret-looking files ({@code .env}, {@code
 * *.pem}, {@code id_rsa*}, ...), nor files matched by the {@code privacy.excludeGlobs} setting or
 * by the {@code .gitignore} / {@code .codeloopignore} at a workspace root. Ignore files are re-read
 * at most every few seconds. Also hands out the {@link SecretRedactor} for text that is sent.
 */
public final class PrivacyFilter {
  private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
  private static final List<String> IGNORE_FILES = List.of(".gitignore", ".codeloopignore");
  private static final long RELOAD_NANOS = Duration.ofSeconds(5).toNanos();

  private record Loaded(IgnoreRules rules, long loadedAt) {}

  private final Supplier<List<Path>> roots;
  private final Supplier<PrivacySettings> settings;
  private final LongSupplier nanoClock;
  private final Map<Path, Loaded> ignoreFiles = new ConcurrentHashMap<>();
  private volatile Map.Entry<List<String>, IgnoreRules> globs =
      Map.entry(List.of(), IgnoreRules.NONE);
  private final SecretRedactor redacting = new SecretRedactor(true);
  private final SecretRedactor notRedacting = new SecretRedactor(false);

  public PrivacyFilter(Supplier<List<Path>> roots, Supplier<PrivacySettings> settings) {
    this(roots, settings, System::nanoTime);
  }

  PrivacyFilter(
      Supplier<List<Path>> roots, Supplier<PrivacySettings> settings, LongSupplier nanoClock) {
    this.roots = roots;
    this.settings = settings;
    this.nanoClock = nanoClock;
  }

  /** Whether the document at {@code uri} may be sent to a model (in whole or in part). */
  public boolean isAllowed(String uri) {
    Optional<Path> path = toPath(uri);
    String name =
        path.map(p -> p.getFileName() == null ? "" : p.getFileName().toString())
            .orElseGet(() -> lastSegment(uri));
    if (SecretFiles.isSecret(name)) {
      return false;
    }
    IgnoreRules excluded = excludeGlobs();
    if (path.isEmpty()) {
      return !excluded.isIgnored(name);
    }
    Path p = path.get();
    for (Path root : roots.get()) {
      if (p.startsWith(root)) {
        String rel = relative(root, p);
        return !excluded.isIgnored(rel) && !ignoreRules(root).isIgnored(rel);
      }
    }
    // Outside every root: only the settings' globs apply, against the absolute path.
    return !excluded.isIgnored(p.toString().replace('\\', '/').replaceFirst("^/", ""));
  }

  /** The redactor configured by {@code privacy.redactSecrets}. */
  public SecretRedactor redactor() {
    return settings.get().redactSecrets() ? redacting : notRedacting;
  }

  /** The workspace-relative path of a document (its file name when outside every root). */
  public String relativePath(String uri) {
    Optional<Path> path = toPath(uri);
    if (path.isEmpty()) {
      return lastSegment(uri);
    }
    for (Path root : roots.get()) {
      if (path.get().startsWith(root)) {
        return relative(root, path.get());
      }
    }
    Path name = path.get().getFileName();
    return name == null ? "" : name.toString();
  }

  private IgnoreRules excludeGlobs() {
    List<String> current = settings.get().excludeGlobs();
    Map.Entry<List<String>, IgnoreRules> cached = globs;
    if (!cached.getKey().equals(current)) {
      cached = Map.entry(current, IgnoreRules.of(current));
      globs = cached;
    }
    return cached.getValue();
  }

  private IgnoreRules ignoreRules(Path root) {
    long now = nanoClock.getAsLong();
    Loaded l = ignoreFiles.get(root);
    if (l == null || now - l.loadedAt() > RELOAD_NANOS) {
      l = new Loaded(load(root), now);
      ignoreFiles.put(root, l);
    }
    return l.rules();
  }

  private static IgnoreRules load(Path root) {
    IgnoreRules rules = IgnoreRules.NONE;
    for (String f : IGNORE_FILES) {
      Path file = root.resolve(f);
      if (Files.isRegularFile(file)) {
        try {
          rules = rules.plus(IgnoreRules.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
          LOG.warn("Cannot read {}: {}", file, e.toString());
        }
      }
    }
    return rules;
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
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

package dev.codeloop.model.embedded;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.workspace.WorkspaceScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of learning a workspace from disk. */
final class WorkspaceIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceIndexer.class);
  private static final int PROGRESS_EVERY = 25;

  private final EmbeddedTuning settings;
  private final EmbeddedCodeModel model;
  private final WorkspaceIgnore ignore;
  private final Stability stability;

  /**
   * When a file's saved version may be learned: a half-typed line saved mid-edit must not become
   * part of the model (it would then be suggested back, or suggest nothing where it ends).
   *
   * @param minAgeMillis a file saved less than this long ago is not stable yet
   * @param heldByEditor URIs an editor holds with unsaved edits (their disk version is stale)
   * @param now the clock, in epoch milliseconds
   */
  record Stability(long minAgeMillis, Predicate<String> heldByEditor, LongSupplier now) {
    static final Stability ALWAYS = new Stability(0, uri -> false, System::currentTimeMillis);

    boolean stable(String uri, long lastModified) {
      return !heldByEditor.test(uri) && now.getAsLong() - lastModified >= minAgeMillis;
    }
  }

  WorkspaceIndexer(
      EmbeddedTuning settings,
      EmbeddedCodeModel model,
      WorkspaceIgnore ignore,
      Stability stability) {
    this.settings = settings;
    this.model = model;
    this.ignore = ignore;
    this.stability = stability;
  }

  /**
   * Learns one file from disk if its saved version is stable; false when it is not (yet), so the
   * caller may try again later. A file that is gone or unreadable is forgotten.
   */
  boolean learnIfStable(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String uri = abs.toUri().toString();
    Language language = Language.detect("", abs.toString());
    long size;
    long modified;
    try {
      size = Files.size(abs);
      modified = Files.getLastModifiedTime(abs).toMillis();
    } catch (IOException e) {
      return true;
    }
    if (!stability.stable(uri, modified)) {
      return false;
    }
    if (size > settings.maxFileBytes()) {
      return true;
    }
    LanguageState state = model.stateFor(language);
    DocumentEntry existing = state.documents().get(uri);
    if (existing != null && existing.size() == size && existing.lastModified() == modified) {
      return true;
    }
    DocumentEntry entry =
        read(new WorkspaceScanner.SourceFile(abs, language, size, modified), state);
    if (entry != null) {
      state.putFromDisk(uri, entry);
      model.rememberUri(uri, language);
      if (state.needsRebuild()) {
        state.rebuild();
      }
    }
    return true;
  }

  IndexStats index(Path root, ProgressListener progress, CancelChecker cancel) {
    long start = System.nanoTime();
    Path absRoot = root.toAbsolutePath().normalize();
    List<WorkspaceScanner.SourceFile> files;
    try {
      files = new WorkspaceScanner(settings.maxFileBytes(), ignore).scan(absRoot, cancel);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan " + absRoot, e);
    }
    int total = files.size();
    progress.progress(0, total, "Scanning done: " + total + " source files");
    Map<Language, Long> budget = new EnumMap<>(Language.class);
    Set<String> seen = new HashSet<>();
    List<Path> deferred = new ArrayList<>();
    int indexed = 0;
    int reused = 0;
    int skipped = 0;
    long tokens = 0;
    for (int i = 0; i < total; i++) {
      cancel.checkCanceled();
      WorkspaceScanner.SourceFile f = files.get(i);
      String uri = f.path().toUri().toString();
      LanguageState state = model.stateFor(f.language());
      seen.add(uri);
      DocumentEntry existing = state.documents().get(uri);
      DocumentEntry entry;
      if (existing != null
          && (existing.fromEditor()
              || (existing.size() == f.size() && existing.lastModified() == f.lastModified()))) {
        entry = existing;
        reused++;
      } else if (!stability.stable(uri, f.lastModified())) {
        deferred.add(f.path());
        continue;
      } else {
        entry = read(f, state);
        if (entry == null) {
          skipped++;
          continue;
        }
      }
      long used = budget.getOrDefault(f.language(), 0L);
      if (used + entry.tokens().length > settings.maxTokensPerLanguage()) {
        skipped++;
        continue;
      }
      budget.put(f.language(), used + entry.tokens().length);
      if (entry != existing) {
        state.putFromDisk(uri, entry);
      }
      model.rememberUri(uri, f.language());
      indexed++;
      tokens += entry.tokens().length;
      if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == total) {
        progress.progress(i + 1, total, "Learning " + absRoot.relativize(f.path()));
      }
    }
    String rootUri = absRoot.toUri().toString();
    for (Language language : Language.values()) {
      LanguageState state = model.stateFor(language);
      for (Map.Entry<String, DocumentEntry> e : List.copyOf(state.documents().entrySet())) {
        if (e.getKey().startsWith(rootUri)
            && !seen.contains(e.getKey())
            && !stability.heldByEditor().test(e.getKey())
            && !e.getValue().fromEditor()) {
          state.remove(e.getKey());
          model.forgetUri(e.getKey());
        }
      }
      cancel.checkCanceled();
      if (state.hasChanges()) {
        progress.progress(
            total, total, "Building the " + language.name().toLowerCase(Locale.ROOT) + " model");
        state.rebuild();
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.info(
        "Embedded model indexed {} files ({} reused, {} skipped, {} tokens) in {} ms",
        indexed,
        reused,
        skipped,
        tokens,
        millis);
    return new IndexStats(indexed, reused, skipped, tokens, millis, deferred);
  }

  private static DocumentEntry read(WorkspaceScanner.SourceFile f, LanguageState state) {
    try {
      byte[] bytes = Files.readAllBytes(f.path());
      for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
        if (bytes[i] == 0) {
          return null; // binary
        }
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      return new DocumentEntry(state.encode(text), f.size(), f.lastModified());
    } catch (IOException e) {
      LOG.debug("Cannot read {}: {}", f.path(), e.toString());
      return null;
    }
  }
}

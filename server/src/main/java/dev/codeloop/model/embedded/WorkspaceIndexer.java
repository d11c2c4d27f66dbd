package dev.codeloop.model.embedded;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.workspace.WorkspaceScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  private final IndexLimits limits;

  /**
   * What one learned token costs the model, estimated (trie, document tokens, vocabulary: 21.8 MB
   * per million tokens on java.base); the budget is checked against the model's own figure after
   * the build.
   */
  static final long ESTIMATED_BYTES_PER_TOKEN = 22;

  /**
   * Source bytes per model token at most, nearly: a file has at least its size over this many
   * tokens unless it is mostly comments (the JDK's sources, heavy with documentation, average 12.8
   * bytes per token; code without comments 3-5).
   */
  static final long MAX_SOURCE_BYTES_PER_TOKEN = 24;

  /**
   * How much of the workspace the last index learned.
   *
   * @param workspaceFiles source files found (after the ignore rules and the size limit)
   * @param learnedFiles files in the model
   * @param overBudget files left out because a budget (files, tokens or bytes) was spent
   * @param budgetBytes the byte budget applied ({@link Long#MAX_VALUE}: none)
   */
  record Coverage(int workspaceFiles, int learnedFiles, int overBudget, long budgetBytes) {}

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
      Stability stability,
      IndexLimits limits) {
    this.settings = settings;
    this.model = model;
    this.ignore = ignore;
    this.stability = stability;
    this.limits = limits;
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
    if (existing != null && existing.isFile(size, modified)) {
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
    long maxFileBytes = Math.min(settings.maxFileBytes(), limits.maxFileBytes());
    try {
      files = new WorkspaceScanner(maxFileBytes, ignore).scan(absRoot, cancel);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan " + absRoot, e);
    }
    files = byRelevance(files, limits.first());
    int total = files.size();
    progress.progress(0, total, "Scanning done: " + total + " source files");
    long byteBudget = Math.min(settings.maxModelBytes(), limits.maxModelBytes());
    long tokenBudget =
        byteBudget == Long.MAX_VALUE ? Long.MAX_VALUE : byteBudget / ESTIMATED_BYTES_PER_TOKEN;
    Map<Language, Long> budget = new EnumMap<>(Language.class);
    Set<String> seen = new HashSet<>();
    List<Learned> learned = new ArrayList<>();
    List<Path> deferred = new ArrayList<>();
    int indexed = 0;
    int reused = 0;
    int skipped = 0;
    int overBudget = 0;
    long tokens = 0;
    for (int i = 0; i < total; i++) {
      cancel.checkCanceled();
      WorkspaceScanner.SourceFile f = files.get(i);
      String uri = f.path().toUri().toString();
      LanguageState state = model.stateFor(f.language());
      if (indexed >= limits.maxFiles() || tokens >= tokenBudget) {
        overBudget++; // not seen: a document learned earlier beyond the budget is forgotten
        continue;
      }
      long used = budget.getOrDefault(f.language(), 0L);
      // the tokens this file may add: what is left of the run's budget and of its language's
      long room = Math.min(tokenBudget - tokens, settings.maxTokensPerLanguage() - used);
      DocumentEntry existing = state.documents().get(uri);
      DocumentEntry entry;
      boolean wasReused = false;
      if (existing != null
          && (existing.fromEditor() || existing.isFile(f.size(), f.lastModified()))) {
        entry = existing;
        wasReused = true;
      } else if (!stability.stable(uri, f.lastModified())) {
        seen.add(uri);
        deferred.add(f.path());
        continue;
      } else if (f.size() / MAX_SOURCE_BYTES_PER_TOKEN > room) {
        // cannot fit what is left of the budget: not read (once the budget is nearly spent, every
        // file left would otherwise be read and lexed only to be found too big)
        overBudget++;
        continue;
      } else {
        entry = read(f, state);
        if (entry == null) {
          skipped++;
          continue;
        }
      }
      int length = entry.tokens().length;
      if (length > room) {
        overBudget++;
        continue;
      }
      seen.add(uri);
      budget.put(f.language(), used + length);
      if (entry != existing) {
        state.putFromDisk(uri, entry);
      }
      model.rememberUri(uri, f.language());
      learned.add(new Learned(uri, f.language(), length, false));
      indexed++;
      if (wasReused) {
        reused++;
      }
      tokens += length;
      if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == total) {
        progress.progress(i + 1, total, "Learning " + absRoot.relativize(f.path()));
      }
    }
    // what the workspace left of the budget: the standard libraries of its languages
    int platformFiles = 0;
    long platformTokens = 0;
    if (limits.platformLibrary()) {
      for (Language language : languagesByFiles(files)) {
        Optional<PlatformLibrary.Location> location = model.platformLibrary().location(language);
        if (location.isEmpty()) {
          continue;
        }
        progress.progress(
            total,
            total,
            "Learning the " + language.name().toLowerCase(Locale.ROOT) + " standard library");
        long before = learned.size();
        long used =
            learnPlatform(
                language, location.get(), seen, budget, tokenBudget - tokens, learned, cancel);
        platformFiles += (int) (learned.size() - before);
        platformTokens += used;
        tokens += used;
      }
    }
    String rootUri = absRoot.toUri().toString();
    forgetUnseen(rootUri, seen);
    forgetUnseen(PlatformLibrary.URI_PREFIX, seen);
    rebuildChanged(total, progress, cancel);
    // the estimate per token may be low for this code (a small model is not pruned): forget the
    // least relevant files until their share of the model covers the excess, and build again
    for (int pass = 0; pass < 4 && byteBudget != Long.MAX_VALUE && !learned.isEmpty(); pass++) {
      long retained = model.staticBytes();
      if (retained <= byteBudget) {
        break;
      }
      long drop = (long) Math.ceil((double) tokens * (retained - byteBudget) / retained * 1.05);
      for (int k = learned.size() - 1; k >= 0 && drop > 0; k--) {
        Learned l = learned.remove(k);
        LanguageState state = model.stateFor(l.language());
        DocumentEntry e = state.documents().get(l.uri());
        if (e != null && !e.fromEditor()) {
          state.remove(l.uri());
          model.forgetUri(l.uri());
          drop -= l.tokens();
          tokens -= l.tokens();
          if (l.platform()) {
            platformFiles--;
            platformTokens -= l.tokens();
          } else {
            indexed--;
            overBudget++;
          }
        }
      }
      rebuildChanged(total, progress, cancel);
    }
    model.noteCoverage(new Coverage(total, indexed, overBudget, byteBudget));
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.debug(
        "Embedded model indexed {} of {} files ({} reused, {} skipped, {} over the budget, {} tokens)"
            + " in {} ms",
        indexed,
        total,
        reused,
        skipped,
        overBudget,
        tokens,
        millis);
    return new IndexStats(
        indexed,
        reused,
        skipped,
        tokens - platformTokens,
        millis,
        deferred,
        overBudget,
        platformFiles,
        platformTokens);
  }

  /**
   * @param platform a file of a {@link PlatformLibrary} (dropped first when the model is over its
   *     byte budget: it comes last in the list)
   */
  private record Learned(String uri, Language language, int tokens, boolean platform) {}

  /** The languages of {@code files}, the one with the most files first. */
  private static List<Language> languagesByFiles(List<WorkspaceScanner.SourceFile> files) {
    Map<Language, Integer> counts = new EnumMap<>(Language.class);
    for (WorkspaceScanner.SourceFile f : files) {
      counts.merge(f.language(), 1, Integer::sum);
    }
    List<Language> out = new ArrayList<>(counts.keySet());
    out.sort(Comparator.comparingInt((Language l) -> -counts.get(l)));
    return out;
  }

  /**
   * Learns {@code location}'s files in its order while the budgets allow ({@code room} tokens of
   * the run's budget, the language's budget, {@link PlatformLibrary#maxTokens}), reusing the tokens
   * of a file the model holds already at the same size and time; returns the tokens learned. An
   * unreadable library is skipped.
   */
  private long learnPlatform(
      Language language,
      PlatformLibrary.Location location,
      Set<String> seen,
      Map<Language, Long> budget,
      long room,
      List<Learned> learned,
      CancelChecker cancel) {
    LanguageState state = model.stateFor(language);
    long limit =
        Math.min(
            Math.min(room, model.platformLibrary().maxTokens()),
            settings.maxTokensPerLanguage() - budget.getOrDefault(language, 0L));
    long used = 0;
    CodeLexer lexer = new CodeLexer(language);
    try (PlatformLibrary.Listing listing = location.list()) {
      for (PlatformLibrary.Source source : listing) {
        cancel.checkCanceled();
        if (source.size() > settings.maxFileBytes()) {
          continue;
        }
        String uri = source.uri();
        DocumentEntry existing = state.documents().get(uri);
        DocumentEntry entry;
        if (existing != null && existing.isFile(source.size(), source.lastModified())) {
          entry = existing;
          if (used + entry.tokens().length > limit) {
            break;
          }
        } else {
          // counted before its words join the vocabulary: a file left out adds none
          List<Token> tokens = lexer.significantTokens(source.text());
          if (used + tokens.size() > limit) {
            break;
          }
          entry = new DocumentEntry(state.encode(tokens), source.size(), source.lastModified());
        }
        int length = entry.tokens().length;
        used += length;
        seen.add(uri);
        if (entry != existing) {
          state.putFromDisk(uri, entry);
        }
        model.rememberUri(uri, language);
        learned.add(new Learned(uri, language, length, true));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof java.util.concurrent.CancellationException c) {
        throw c;
      }
      LOG.debug("Cannot read the {} standard library: {}", language, e.toString());
    }
    budget.merge(language, used, Long::sum);
    return used;
  }

  private void forgetUnseen(String rootUri, Set<String> seen) {
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
    }
  }

  private void rebuildChanged(int total, ProgressListener progress, CancelChecker cancel) {
    for (Language language : Language.values()) {
      LanguageState state = model.stateFor(language);
      cancel.checkCanceled();
      if (state.hasChanges()) {
        progress.progress(
            total, total, "Building the " + language.name().toLowerCase(Locale.ROOT) + " model");
        state.rebuild();
      }
    }
  }

  /**
   * The files in order of relevance: those in the folders of {@code first} (the open files), then
   * the most recently modified, the path breaking ties (a stable order).
   */
  static List<WorkspaceScanner.SourceFile> byRelevance(
      List<WorkspaceScanner.SourceFile> files, List<Path> first) {
    Set<Path> hot = new HashSet<>();
    for (Path p : first) {
      Path parent = p.toAbsolutePath().normalize().getParent();
      if (parent != null) {
        hot.add(parent);
      }
    }
    List<WorkspaceScanner.SourceFile> out = new ArrayList<>(files);
    out.sort(
        Comparator.comparing((WorkspaceScanner.SourceFile f) -> !hot.contains(f.path().getParent()))
            .thenComparing(
                Comparator.comparingLong(WorkspaceScanner.SourceFile::lastModified).reversed())
            .thenComparing(WorkspaceScanner.SourceFile::path));
    return out;
  }

  /** The file's tokens with its size and time, or null when unreadable or binary. */
  static DocumentEntry readEntry(Path file, Language language, LanguageState state) {
    try {
      long size = Files.size(file);
      long modified = Files.getLastModifiedTime(file).toMillis();
      return read(new WorkspaceScanner.SourceFile(file, language, size, modified), state);
    } catch (IOException e) {
      return null;
    }
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

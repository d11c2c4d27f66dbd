package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lm.CacheModel;
import dev.codeloop.model.embedded.lm.LanguageModel;
import dev.codeloop.model.embedded.lm.MixtureWeights;
import dev.codeloop.model.embedded.lm.NgramCounts;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.TrieModelBuilder;
import dev.codeloop.model.embedded.lm.TypeMembers;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the model knows about one language: the vocabulary, the tokens of every document, the
 * static trie (an immutable snapshot, rebuilt from the documents when enough changed) and the
 * recently-edited-files cache (guarded by a read/write lock).
 */
final class LanguageState {
  private static final Logger LOG = LoggerFactory.getLogger(LanguageState.class);
  private final Language language;
  private final EmbeddedTuning settings;
  private final Vocabulary vocabulary;
  private final Map<String, DocumentEntry> documents = new ConcurrentHashMap<>();

  /** Editor documents whose file the model had learned from disk before (bounded by open files). */
  private final Set<String> learnedBeforeEditor = ConcurrentHashMap.newKeySet();

  private final ReentrantReadWriteLock recentLock = new ReentrantReadWriteLock();
  private final RecentFiles recent;
  private final DirectoryCaches directories;
  private final Executor executor;
  private final Object rebuildLock = new Object();

  /** What the last rebuild counted, to size the next one's arrays (guarded by rebuildLock). */
  private TrieModelBuilder.Sizes lastBuild;

  private volatile Snapshot snapshot;

  /**
   * The tokens and retained bytes of the counts last built: the budget and the rebuild policy read
   * them, also while large counts are let go for their rebuild ({@link #rebuild}).
   */
  private volatile Counted counted;

  private record Counted(long tokens, long bytes) {
    static Counted of(TrieModel trie) {
      return new Counted(trie.tokens(), trie.retainedBytes());
    }
  }

  private long changedTokens;

  /**
   * The static part of the model, replaced atomically.
   *
   * @param byFrequency every word of the trie, the most frequent first (for the completion menu's
   *     scan of the workspace's words)
   * @param characters {@link WordRanking#characters} of each word of {@code byFrequency}: the scan
   *     skips the words lacking a typed character without looking at them
   * @param starts {@link WordRanking#starts} of each word of {@code byFrequency}: and those where
   *     the first typed character starts neither the word nor a hump
   * @param members which members followed receivers of each type in the documents
   * @param byStart for each bit of {@link WordRanking#neededStart}, the positions in {@code
   *     byFrequency} (ascending) of the words whose {@code starts} have it: a scan for typed text
   *     looks only at those (a tenth of the words or so, in the same order)
   */
  record Snapshot(
      TrieModel trie,
      int[] topUnigrams,
      int[] byFrequency,
      long[] characters,
      int[] starts,
      TypeMembers members,
      int[][] byStart) {
    static Snapshot of(TrieModel trie, Vocabulary vocabulary, TypeMembers members) {
      int[] all = LanguageModel.topUnigrams(trie, Integer.MAX_VALUE);
      long[] characters = new long[all.length];
      int[] starts = new int[all.length];
      int[] sizes = new int[Integer.SIZE];
      for (int i = 0; i < all.length; i++) {
        String w = vocabulary.word(all[i]);
        characters[i] = WordRanking.characters(w);
        starts[i] = WordRanking.starts(w);
        for (int bits = starts[i]; bits != 0; bits &= bits - 1) {
          sizes[Integer.numberOfTrailingZeros(bits)]++;
        }
      }
      int[][] byStart = new int[Integer.SIZE][];
      for (int b = 0; b < byStart.length; b++) {
        byStart[b] = new int[sizes[b]];
        sizes[b] = 0;
      }
      for (int i = 0; i < all.length; i++) {
        for (int bits = starts[i]; bits != 0; bits &= bits - 1) {
          int b = Integer.numberOfTrailingZeros(bits);
          byStart[b][sizes[b]++] = i;
        }
      }
      return new Snapshot(
          trie,
          Arrays.copyOf(all, Math.min(64, all.length)),
          all,
          characters,
          starts,
          members,
          byStart);
    }

    /** This snapshot with {@code members} in place of its own. */
    Snapshot withMembers(TypeMembers members) {
      return new Snapshot(trie, topUnigrams, byFrequency, characters, starts, members, byStart);
    }

    /** This snapshot with {@code trie} in place of its own (its word lists and members kept). */
    Snapshot withTrie(TrieModel trie) {
      return new Snapshot(trie, topUnigrams, byFrequency, characters, starts, members, byStart);
    }

    /**
     * The positions in {@link #byFrequency} a scan for text whose {@link WordRanking#neededStart}
     * is {@code neededStart} must look at, ascending; null: all of them.
     */
    int @Nullable [] candidatesFor(int neededStart) {
      return Integer.bitCount(neededStart) == 1
          ? byStart[Integer.numberOfTrailingZeros(neededStart)]
          : null;
    }

    /**
     * Passes the id of each word of the static model that may match {@code typed} (by prefix or by
     * humps: {@link WordRanking#mayMatch}), the most frequent first, to {@code visit} until it
     * answers false. A word lacking one of the typed characters, or the first one at its start and
     * humps' starts, is not looked at, and through the index by start character most are not even
     * reached.
     */
    void forEachMayMatch(String typed, IntPredicate visit) {
      long needed = WordRanking.needed(typed);
      int neededStart = WordRanking.neededStart(typed);
      int[] positions = candidatesFor(neededStart);
      int end = positions == null ? byFrequency.length : positions.length;
      for (int k = 0; k < end; k++) {
        int i = positions == null ? k : positions[k];
        if (WordRanking.mayMatch(needed, neededStart, characters[i], starts[i])
            && !visit.test(byFrequency[i])) {
          return;
        }
      }
    }
  }

  LanguageState(Language language, EmbeddedTuning settings, Executor executor) {
    this(language, settings, new Vocabulary(), null, executor);
  }

  /**
   * @param executor builds the directory caches (and, after loading, the types' members) in the
   *     background
   */
  LanguageState(
      Language language,
      EmbeddedTuning settings,
      Vocabulary vocabulary,
      TrieModel trie,
      Executor executor) {
    this.language = language;
    this.settings = settings;
    this.vocabulary = vocabulary;
    this.executor = executor;
    this.recent = new RecentFiles(settings.cacheOrder(), settings.recentTokens());
    this.directories =
        new DirectoryCaches(
            settings.cacheOrder(),
            settings.directoryTokens(),
            settings.directoryBytes(),
            settings.directoryHoldBack(),
            executor,
            System::nanoTime);
    TrieModel t = trie == null ? TrieModel.empty(settings.order()) : trie;
    this.snapshot = Snapshot.of(t, vocabulary, TypeMembers.EMPTY);
    this.counted = Counted.of(t);
  }

  Language language() {
    return language;
  }

  Vocabulary vocabulary() {
    return vocabulary;
  }

  int cacheOrder() {
    return settings.cacheOrder();
  }

  int nearTokens() {
    return settings.nearTokens();
  }

  int identifierWindow() {
    return settings.identifierWindow();
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /**
   * The snapshot with the counts last built: waits for a rebuild under way (which may have let the
   * counts go meanwhile). Blocks: for the model's store, on a background thread.
   */
  Snapshot builtSnapshot() {
    synchronized (rebuildLock) {
      return snapshot;
    }
  }

  Map<String, DocumentEntry> documents() {
    return documents;
  }

  int[] encode(String text) {
    return encode(new CodeLexer(language).significantTokens(text));
  }

  /** {@code tokens} (of {@link CodeLexer#significantTokens}) as model tokens; new words join. */
  int[] encode(List<Token> tokens) {
    return new TokenEncoder(vocabulary).encode(tokens, true);
  }

  /**
   * Puts back a document loaded from the persisted model: its counts are already in the loaded
   * trie, so nothing is marked changed.
   */
  void restore(String uri, DocumentEntry entry) {
    documents.put(uri, entry);
    directories.put(uri, entry.tokens());
  }

  /**
   * The persisted documents are all back ({@link #restore}): learns their types' members on the
   * executor (not persisted: one pass over the tokens, up to a second for a large workspace, kept
   * off the load; until then the menu ranks without receiver types). A rebuild meanwhile learns
   * them too, and wins.
   */
  void restored() {
    Snapshot loaded = snapshot;
    Runnable learn =
        () -> {
          synchronized (rebuildLock) {
            if (snapshot != loaded) {
              return; // rebuilt since: that snapshot has its own table
            }
            snapshot =
                loaded.withMembers(TypeMembers.learn(language, vocabulary, tokensOfDocuments()));
          }
        };
    try {
      executor.execute(learn);
    } catch (RejectedExecutionException e) {
      // the model is shutting down: nothing will ask for the types
    }
  }

  private List<int[]> tokensOfDocuments() {
    List<int[]> docs = new ArrayList<>();
    for (DocumentEntry e : documents.values()) {
      docs.add(e.tokens());
    }
    return docs;
  }

  /** Stores a document read from disk (not an editor buffer); does not touch the recent cache. */
  void putFromDisk(String uri, DocumentEntry entry) {
    DocumentEntry old = documents.get(uri);
    if (old != null && old.fromEditor()) {
      return; // the editor's version wins
    }
    documents.put(uri, entry);
    directories.put(uri, entry.tokens());
    noteChange(entry.tokens().length + (old == null ? 0 : old.tokens().length));
  }

  /** Replaces the document with an editor buffer and makes it the most recent file. */
  void putFromEditor(String uri, int[] tokens) {
    DocumentEntry old = documents.put(uri, new DocumentEntry(tokens, -1, -1));
    if (old != null && !old.fromEditor()) {
      learnedBeforeEditor.add(uri);
    }
    if (old != null && Arrays.equals(old.tokens(), tokens)) {
      // the buffer holds what the model knows already (a file opened unchanged): no rebuild
      recentLock.writeLock().lock();
      try {
        recent.put(uri, tokens);
      } finally {
        recentLock.writeLock().unlock();
      }
      return;
    }
    putInCaches(uri, tokens);
    noteChange(tokens.length + (old == null ? 0 : old.tokens().length));
  }

  /**
   * Makes an editor buffer the most recent file and part of its directory's cache without adding it
   * to the documents the static counts are built from (the budget left its file out).
   */
  void putInCaches(String uri, int[] tokens) {
    directories.put(uri, tokens);
    recentLock.writeLock().lock();
    try {
      recent.put(uri, tokens);
    } finally {
      recentLock.writeLock().unlock();
    }
  }

  /**
   * Forgets the document's editor buffer (if that is what the model holds), so its saved file can
   * take its place; the recent-files cache keeps it.
   */
  void dropEditorEntry(String uri) {
    DocumentEntry old = documents.get(uri);
    if (old != null && old.fromEditor() && documents.remove(uri, old)) {
      directories.remove(uri);
      noteChange(old.tokens().length);
    }
  }

  /**
   * The editor closed {@code uri}: when its buffer's tokens are the saved file's ({@code disk}),
   * the entry becomes the file's at no cost (nothing to rebuild); returns false when they differ.
   */
  boolean settleFromDisk(String uri, DocumentEntry disk) {
    DocumentEntry old = documents.get(uri);
    if (old == null || !old.fromEditor() || !Arrays.equals(old.tokens(), disk.tokens())) {
      return false;
    }
    return documents.replace(
        uri, old, new DocumentEntry(old.tokens(), disk.size(), disk.lastModified()));
  }

  /**
   * Whether the model had learned {@code uri}'s file from disk before an editor's buffer replaced
   * it (then the file belongs to what the model learns whatever the budget); forgets the mark.
   */
  boolean takeLearnedBeforeEditor(String uri) {
    return learnedBeforeEditor.remove(uri);
  }

  boolean remove(String uri) {
    learnedBeforeEditor.remove(uri);
    DocumentEntry old = documents.remove(uri);
    directories.remove(uri);
    recentLock.writeLock().lock();
    try {
      recent.remove(uri);
    } finally {
      recentLock.writeLock().unlock();
    }
    if (old != null) {
      noteChange(old.tokens().length);
    }
    return old != null;
  }

  private synchronized void noteChange(long tokens) {
    changedTokens += tokens;
  }

  synchronized boolean hasChanges() {
    return changedTokens > 0;
  }

  /** Whether the static model is stale enough to rebuild now. */
  synchronized boolean needsRebuild() {
    if (changedTokens == 0) {
      return false;
    }
    long total = counted.tokens();
    return total <= settings.eagerRebuildTokens()
        || changedTokens >= total * settings.rebuildFraction();
  }

  /**
   * Rebuilds the static model from the current documents (one rebuild at a time). Large counts
   * ({@link EmbeddedTuning#keepCountsBelowBytes}) are let go first, so that the new counts and the
   * build's tables do not come on top of them (about 45 MB of counts for a 3.8 M-token workspace:
   * the memory peak of a session that opens and learns files): until the new counts serve, requests
   * are served by the caches (recent files, the directory, the file, the identifiers), the old
   * snapshot's word lists and its types' members. The new counts serve as soon as they are built;
   * the types' members learned from the documents follow.
   */
  void rebuild() {
    synchronized (rebuildLock) {
      long changedBefore;
      synchronized (this) {
        changedBefore = changedTokens;
      }
      List<int[]> docs = tokensOfDocuments();
      long total = 0;
      for (int[] d : docs) {
        total += d.length;
      }
      long start = System.nanoTime();
      Snapshot before = snapshot;
      snapshot = servingWhileRebuilding(before);
      boolean letGo = snapshot != before;
      before = null; // not kept beside the build
      TrieModelBuilder.Built built =
          new TrieModelBuilder(settings.order(), total > settings.pruneAboveTokens())
              .build(docs, vocabulary.size(), lastBuild);
      lastBuild = built.sizes();
      TrieModel trie = built.trie();
      // the new counts serve at once, with the members learned before; the types' members (one
      // more pass over the documents) follow
      snapshot = Snapshot.of(trie, vocabulary, snapshot.members());
      counted = Counted.of(trie);
      long counts = System.nanoTime() - start;
      snapshot = snapshot.withMembers(TypeMembers.learn(language, vocabulary, docs));
      synchronized (this) {
        changedTokens = Math.max(0, changedTokens - changedBefore);
      }
      LOG.debug(
          "Rebuilt the {} counts: {} tokens, {} nodes, {} MB, serving after {} ms{}; the types'"
              + " members ({} MB) after {} ms",
          language.name().toLowerCase(java.util.Locale.ROOT),
          trie.tokens(),
          trie.nodes(),
          trie.retainedBytes() >> 20,
          counts / 1_000_000,
          letGo ? " (the caches served meanwhile)" : "",
          snapshot.members().retainedBytes() >> 20,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** What serves while {@code current}'s counts are rebuilt: without them when they are large. */
  Snapshot servingWhileRebuilding(Snapshot current) {
    return current.trie().retainedBytes() < settings.keepCountsBelowBytes()
        ? current
        : current.withTrie(TrieModel.empty(settings.order(), current.trie().vocabSize()));
  }

  long tokens() {
    long n = 0;
    for (DocumentEntry e : documents.values()) {
      n += e.tokens().length;
    }
    return n;
  }

  /** How many documents and tokens. */
  record Count(int documents, long tokens) {}

  /** The documents of the {@link PlatformLibrary} and their tokens. */
  Count platformDocuments() {
    int n = 0;
    long tokens = 0;
    for (Map.Entry<String, DocumentEntry> e : documents.entrySet()) {
      if (e.getKey().startsWith(PlatformLibrary.URI_PREFIX)) {
        n++;
        tokens += e.getValue().tokens().length;
      }
    }
    return new Count(n, tokens);
  }

  /** What the budget bounds: the static counts, the documents' tokens and the vocabulary. */
  long staticBytes() {
    Snapshot s = snapshot;
    long bytes = counted.bytes() + s.members().retainedBytes();
    bytes += 16L * s.byFrequency().length; // byFrequency, characters and starts
    for (DocumentEntry e : documents.values()) {
      bytes += 4L * e.tokens().length + 64;
    }
    return bytes + vocabulary.size() * 64L;
  }

  int editorDocuments() {
    int n = 0;
    for (DocumentEntry e : documents.values()) {
      if (e.fromEditor()) {
        n++;
      }
    }
    return n;
  }

  long retainedBytes() {
    long bytes = staticBytes();
    recentLock.readLock().lock();
    try {
      bytes += recent.retainedBytes();
    } finally {
      recentLock.readLock().unlock();
    }
    bytes += directories.retainedBytes();
    return bytes;
  }

  /**
   * The caches one completion request builds from the text around its cursor.
   *
   * @param file the current file (prefix and suffix windows)
   * @param near the last tokens before the cursor
   * @param identifiers a unigram cache of the last identifiers before the cursor
   * @param window what they were filled from
   */
  record RequestCaches(CacheModel file, CacheModel near, CacheModel identifiers, Window window) {}

  /**
   * The tokens a set of request caches was filled from (never modified): the encoded window before
   * the cursor, after it, and the identifiers the identifier cache holds.
   */
  record Window(int[] encoded, int[] suffixEncoded, int[] identifiers) {
    boolean sameAs(int[] encoded, int[] suffixEncoded, int[] identifiers) {
      return Arrays.equals(this.encoded, encoded)
          && Arrays.equals(this.suffixEncoded, suffixEncoded)
          && Arrays.equals(this.identifiers, identifiers);
    }
  }

  /**
   * Request caches given back ({@link #release}), the most recent first; guarded by itself. One
   * filled from the same window as a new request's is taken as it is, another is cleared and filled
   * again.
   */
  private final ArrayDeque<RequestCaches> spareCaches = new ArrayDeque<>();

  /** How many sets of request caches are kept for reuse (a completion and a menu at once). */
  private static final int SPARE_CACHES = 2;

  /** How many requests took caches filled from their very window (statistics, tests). */
  private final AtomicLong reusedCaches = new AtomicLong();

  /**
   * The caches of one request, filled from its window: the file cache with the tokens before the
   * cursor ({@code encoded}, the encoding of {@code tokens}) and after it ({@code suffixEncoded}),
   * the locality cache with the last {@link #nearTokens} before it, the identifier cache with the
   * last {@link #identifierWindow} identifiers. While a word is typed the tokens before it stay the
   * same, and an editor asks for the ghost text and the menu at each keystroke: a set given back by
   * a request from the same window is taken as it is (the same tokens fill it the same way);
   * otherwise one given back is cleared and filled, or a new one made. Give it back with {@link
   * #release} once the request is done with it (after {@link #withModel} returns), and only then.
   * The arrays are kept as the window's key: the caller must not modify them.
   */
  RequestCaches requestCaches(List<Token> tokens, int[] encoded, int[] suffixEncoded) {
    int[] identifiers = EmbeddedPredictor.lastIdentifiers(tokens, encoded, identifierWindow());
    RequestCaches spare = null;
    synchronized (spareCaches) {
      for (Iterator<RequestCaches> it = spareCaches.iterator(); it.hasNext(); ) {
        RequestCaches c = it.next();
        if (c.window().sameAs(encoded, suffixEncoded, identifiers)) {
          it.remove();
          reusedCaches.incrementAndGet();
          return c;
        }
      }
      spare = spareCaches.pollLast(); // the least recent: the other may serve the next request
    }
    Window window = new Window(encoded, suffixEncoded, identifiers);
    RequestCaches caches;
    if (spare == null) {
      caches =
          new RequestCaches(
              new CacheModel(
                  cacheOrder(), WordRanking.sizing(encoded.length + suffixEncoded.length)),
              new CacheModel(cacheOrder(), WordRanking.sizing(nearTokens())),
              new CacheModel(1, identifierWindow() + 16),
              window);
    } else {
      spare.file().clear();
      spare.near().clear();
      spare.identifiers().clear();
      caches = new RequestCaches(spare.file(), spare.near(), spare.identifiers(), window);
    }
    caches.file().addDocument(encoded, 1);
    caches.file().addDocument(suffixEncoded, 1);
    int near = nearTokens();
    caches
        .near()
        .addDocument(
            Arrays.copyOfRange(encoded, Math.max(0, encoded.length - near), encoded.length), 1);
    caches.identifiers().addDocument(identifiers, 1);
    return caches;
  }

  /** Takes back the caches of a request that is done with them, for the next request. */
  void release(RequestCaches caches) {
    synchronized (spareCaches) {
      spareCaches.push(caches);
      if (spareCaches.size() > SPARE_CACHES) {
        spareCaches.pollLast();
      }
    }
  }

  /** How many requests took caches already filled from their window. */
  long reusedCaches() {
    return reusedCaches.get();
  }

  /**
   * Runs {@code action} with a language model made of the static snapshot, the recent files (read
   * locked meanwhile), the files of the current file's directory and the request's caches.
   *
   * @param path workspace-relative path of the current file (for the directory cache)
   */
  <T> T withModel(String path, RequestCaches request, Function<LanguageModel, T> action) {
    Snapshot s = snapshot;
    MixtureWeights w = settings.weights();
    CacheModel directory = directories.cacheForPath(path);
    recentLock.readLock().lock();
    try {
      // outermost first, as LanguageModel nests them
      List<NgramCounts> caches =
          directory == null
              ? List.of(recent.cache(), request.file(), request.near(), request.identifiers())
              : List.of(
                  recent.cache(), directory, request.file(), request.near(), request.identifiers());
      double[] weights =
          directory == null
              ? new double[] {w.recent(), w.file(), w.near(), w.identifiers()}
              : new double[] {w.recent(), w.directory(), w.file(), w.near(), w.identifiers()};
      LanguageModel lm =
          new LanguageModel(
              s.trie(),
              caches,
              weights,
              w.confidence(),
              w.depthSlack(),
              vocabulary.size(),
              s.topUnigrams());
      return action.apply(lm);
    } finally {
      recentLock.readLock().unlock();
    }
  }
}

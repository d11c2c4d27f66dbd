package dev.codeloop.document;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open documents of one session. Sync notifications are applied synchronously on the dispatch
 * thread (cheap: O(edit + log n)), which keeps LSP ordering; handlers take immutable snapshots.
 */
public final class DocumentStore {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentStore.class);

  /** Files larger than this are not read from disk for requests on unopened documents. */
  private static final long MAX_DISK_READ = 8L * 1024 * 1024;

  private final Map<String, DocumentState> documents = new ConcurrentHashMap<>();
  private final List<DocumentListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Documents whose editor copy we no longer match (a sync notification could not be applied), with
   * the reason. They answer as if not open until a full sync — {@code didOpen} or a {@code
   * didChange} carrying the whole text — repairs them.
   */
  private final Map<String, String> outOfSync = new ConcurrentHashMap<>();

  private volatile PositionEncoding encoding = PositionEncoding.UTF16;

  public void setEncoding(PositionEncoding encoding) {
    this.encoding = encoding;
  }

  public PositionEncoding encoding() {
    return encoding;
  }

  public void addListener(DocumentListener listener) {
    listeners.add(listener);
  }

  public DocumentSnapshot open(String uri, String languageId, int version, String text) {
    String language = effectiveLanguageId(uri, languageId);
    if (!language.equals(languageId) && languageId != null && !languageId.isEmpty()) {
      LOG.info(
          "{} was opened as '{}'; using '{}' from its file extension", uri, languageId, language);
    }
    DocumentSnapshot snapshot =
        new DocumentSnapshot(uri, language, version, DocumentText.of(text), encoding);
    DocumentState previous = documents.put(uri, new DocumentState(snapshot));
    outOfSync.remove(uri);
    if (previous != null) {
      LOG.warn("didOpen for already open document {}; replacing it", uri);
      previous.cancelPending();
    }
    listeners.forEach(l -> l.opened(snapshot));
    return snapshot;
  }

  /** Applies a didChange. Returns empty (and logs) for a document that is not open. */
  public Optional<DocumentSnapshot> change(String uri, int version, List<TextChange> changes) {
    DocumentState state = documents.get(uri);
    if (state == null) {
      LOG.warn("didChange for document {} that is not open; ignored", uri);
      return Optional.empty();
    }
    int current = state.snapshot().version();
    if (version <= current) {
      LOG.warn(
          "didChange for {} with version {} not above {}; applied anyway", uri, version, current);
    }
    DocumentSnapshot next = state.edit(version, changes);
    if (changes.stream().anyMatch(TextChange::isFull) && outOfSync.remove(uri) != null) {
      LOG.info("{} is in sync again (full text received)", uri);
    }
    listeners.forEach(l -> l.changed(next));
    return Optional.of(next);
  }

  public void saved(String uri, String textIfIncluded) {
    DocumentState state = documents.get(uri);
    if (state == null) {
      return;
    }
    DocumentSnapshot snap = state.snapshot();
    if (textIfIncluded != null && !snap.text().contentEquals(textIfIncluded)) {
      LOG.warn("didSave text of {} differs from the synced text; keeping the synced text", uri);
    }
    listeners.forEach(l -> l.saved(snap));
  }

  public void close(String uri) {
    DocumentState state = documents.remove(uri);
    outOfSync.remove(uri);
    if (state == null) {
      LOG.warn("didClose for document {} that is not open", uri);
      return;
    }
    state.cancelPending();
    listeners.forEach(l -> l.closed(uri));
  }

  /**
   * Closes every open document, as a {@code didClose} of each would: the session has ended (the
   * editor exited, often without closing its buffers, or the connection dropped), and what the
   * backend keeps per open document (the embedded model's buffer, the open-document counts) must
   * not outlive it.
   */
  public void closeAll() {
    for (String uri : List.copyOf(documents.keySet())) {
      close(uri);
    }
  }

  public Optional<DocumentSnapshot> snapshot(String uri) {
    DocumentState state = documents.get(uri);
    return state == null || outOfSync.containsKey(uri)
        ? Optional.empty()
        : Optional.of(state.snapshot());
  }

  /**
   * Records that our copy of {@code uri} no longer matches the editor's. Until a full sync the
   * document answers as if it were not open (and is not read from disk either): no feature computes
   * an edit against text the user does not see.
   *
   * @return true if the document was in sync until now (the caller tells the user once)
   */
  public boolean markOutOfSync(String uri, String reason) {
    LOG.warn("{} is out of sync: {}", uri, reason);
    DocumentState state = documents.get(uri);
    if (state != null) {
      state.cancelPending();
    }
    return outOfSync.put(uri, reason) == null;
  }

  /** Why {@code uri} is out of sync, or empty when it is not. */
  public Optional<String> outOfSync(String uri) {
    return Optional.ofNullable(outOfSync.get(uri));
  }

  public Optional<DocumentState> state(String uri) {
    return Optional.ofNullable(documents.get(uri));
  }

  public Collection<DocumentSnapshot> openDocuments() {
    return documents.values().stream()
        .map(DocumentState::snapshot)
        .filter(s -> !outOfSync.containsKey(s.uri()))
        .toList();
  }

  /**
   * The open document, or for a {@code file:} URI that is not open, its content read from disk
   * (version {@link DocumentSnapshot#NOT_OPEN}); empty when neither exists.
   */
  public Optional<DocumentSnapshot> snapshotOrDisk(String uri) {
    Optional<DocumentSnapshot> open = snapshot(uri);
    if (open.isPresent() || outOfSync.containsKey(uri)) {
      return open;
    }
    try {
      URI u = URI.create(uri);
      if (!"file".equalsIgnoreCase(u.getScheme())) {
        return Optional.empty();
      }
      Path p = Path.of(u);
      if (!Files.isRegularFile(p) || Files.size(p) > MAX_DISK_READ) {
        return Optional.empty();
      }
      String text = Files.readString(p, StandardCharsets.UTF_8);
      return Optional.of(
          new DocumentSnapshot(
              uri,
              languageIdOf(p.getFileName().toString()),
              DocumentSnapshot.NOT_OPEN,
              DocumentText.of(text),
              encoding));
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot read {} from disk: {}", uri, e.toString());
      return Optional.empty();
    }
  }

  /**
   * The language of a document: the client's {@code languageId}, unless the file extension names a
   * language we know and the client's id is another language we know (an editor that keeps one id
   * per server sends {@code .py} files as {@code java}); then the extension's. Ids we do not know
   * ({@code jsonc}, {@code vue}, …) and ids of the same family ({@code c} for a {@code .h} file
   * seen as {@code cpp}, {@code javascript} for {@code .jsx}) are kept.
   */
  public static String effectiveLanguageId(String uri, String languageId) {
    String sent = languageId == null ? "" : languageId;
    int slash = uri == null ? -1 : Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
    String name = uri == null ? "" : uri.substring(slash + 1);
    int query = name.indexOf('?');
    if (query >= 0) {
      name = name.substring(0, query);
    }
    String byExtension = languageIdOf(name);
    if (byExtension.equals("plaintext")) {
      return sent;
    }
    if (sent.isEmpty()) {
      return byExtension;
    }
    String sentFamily = family(sent.toLowerCase(Locale.ROOT));
    if (sentFamily == null || sentFamily.equals(family(byExtension))) {
      return sent;
    }
    return byExtension;
  }

  /** The family of a language id this class can return, or null for an id it never returns. */
  private static String family(String id) {
    return switch (id) {
      case "java" -> "java";
      case "python" -> "python";
      case "javascript", "javascriptreact", "typescript", "typescriptreact" -> "ecmascript";
      case "go" -> "go";
      case "rust" -> "rust";
      case "c", "cpp" -> "c";
      case "kotlin" -> "kotlin";
      case "markdown" -> "markdown";
      case "json" -> "json";
      default -> null;
    };
  }

  /** A best-effort LSP language id from a file name. */
  public static String languageIdOf(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    String ext = dot >= 0 ? n.substring(dot + 1) : "";
    return switch (ext) {
      case "java" -> "java";
      case "py" -> "python";
      case "js", "mjs", "cjs" -> "javascript";
      case "jsx" -> "javascriptreact";
      case "ts", "mts", "cts" -> "typescript";
      case "tsx" -> "typescriptreact";
      case "go" -> "go";
      case "rs" -> "rust";
      case "c", "h" -> "c";
      case "cc", "cpp", "cxx", "hpp", "hh", "hxx" -> "cpp";
      case "kt", "kts" -> "kotlin";
      case "md" -> "markdown";
      case "json" -> "json";
      default -> "plaintext";
    };
  }
}

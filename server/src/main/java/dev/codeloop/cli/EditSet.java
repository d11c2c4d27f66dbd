package dev.codeloop.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The files a command changes, as an editor holds them: the text of each document the command line
 * opened (with its version) or read from disk, the edits of every {@code WorkspaceEdit} applied in
 * memory against the version they were computed for, and — with {@code --apply} — each changed file
 * written atomically (a temporary file in the same folder moved over the old one).
 */
final class EditSet {
  /** One file's text before the command and now. */
  record FileChange(Path path, String before, String after, boolean created) {}

  private final Map<String, Doc> docs = new LinkedHashMap<>();

  private static final class Doc {
    final Path path;
    final String before;
    final boolean created;
    String text;
    int version;
    boolean open;

    Doc(Path path, String before, boolean created, int version, boolean open) {
      this.path = path;
      this.before = before;
      this.created = created;
      this.text = before;
      this.version = version;
      this.open = open;
    }
  }

  /** Records a document the command line opened with {@code didOpen}. */
  synchronized void opened(String uri, Path path, String text, int version) {
    docs.put(uri, new Doc(path, text, false, version, true));
  }

  synchronized int version(String uri) {
    Doc d = docs.get(uri);
    return d == null ? 0 : d.version;
  }

  synchronized boolean isOpen(String uri) {
    Doc d = docs.get(uri);
    return d != null && d.open;
  }

  synchronized String text(String uri) {
    Doc d = docs.get(uri);
    return d == null ? null : d.text;
  }

  /**
   * Applies a workspace edit in memory; throws with a sentence (and changes nothing) when it does
   * not fit (a version that is not the current one, a range outside the text, a file to create that
   * exists).
   */
  synchronized List<String> apply(WorkspaceEdit edit) throws IOException {
    Map<String, Doc> staged = new LinkedHashMap<>();
    Map<String, String> newText = new LinkedHashMap<>();
    List<String> touched = new ArrayList<>();
    if (edit.getDocumentChanges() != null) {
      for (Either<TextDocumentEdit, ResourceOperation> change : edit.getDocumentChanges()) {
        if (change.isRight()) {
          ResourceOperation op = change.getRight();
          if (!(op instanceof CreateFile create)) {
            throw new IOException("unsupported resource operation " + op.getKind());
          }
          Path p = Path.of(URI.create(create.getUri()));
          boolean ignoreIfExists =
              create.getOptions() != null
                  && Boolean.TRUE.equals(create.getOptions().getIgnoreIfExists());
          boolean overwrite =
              create.getOptions() != null
                  && Boolean.TRUE.equals(create.getOptions().getOverwrite());
          if ((Files.exists(p) || docs.containsKey(create.getUri())) && !overwrite) {
            if (ignoreIfExists) {
              continue;
            }
            throw new IOException(p + " exists already");
          }
          Doc existing =
              staged.containsKey(create.getUri())
                  ? staged.get(create.getUri())
                  : docs.get(create.getUri());
          if (existing == null && Files.isRegularFile(p)) {
            existing = new Doc(p, Files.readString(p, StandardCharsets.UTF_8), false, 0, false);
          }
          // an overwrite of an existing file is a change of it, not a new file
          staged.put(create.getUri(), existing != null ? existing : new Doc(p, "", true, 0, false));
          newText.put(create.getUri(), "");
          touched.add(create.getUri());
          continue;
        }
        TextDocumentEdit te = change.getLeft();
        String uri = te.getTextDocument().getUri();
        Doc d = doc(uri, staged);
        Integer expected = te.getTextDocument().getVersion();
        if (expected != null && d.open && expected != d.version) {
          throw new IOException(
              "the edit of "
                  + d.path
                  + " was computed for version "
                  + expected
                  + ", the document is at "
                  + d.version);
        }
        String current = newText.getOrDefault(uri, d.text);
        List<TextEdit> plain = new ArrayList<>();
        for (Either<TextEdit, org.eclipse.lsp4j.SnippetTextEdit> e : te.getEdits()) {
          plain.add(
              e.isLeft()
                  ? e.getLeft()
                  : new TextEdit(e.getRight().getRange(), e.getRight().getSnippet().getValue()));
        }
        newText.put(uri, applyEdits(current, plain, d.path));
        touched.add(uri);
      }
    } else if (edit.getChanges() != null) {
      for (Map.Entry<String, List<TextEdit>> e : edit.getChanges().entrySet()) {
        Doc d = doc(e.getKey(), staged);
        String current = newText.getOrDefault(e.getKey(), d.text);
        newText.put(e.getKey(), applyEdits(current, e.getValue(), d.path));
        touched.add(e.getKey());
      }
    }
    // everything fits: commit
    docs.putAll(staged);
    for (Map.Entry<String, String> e : newText.entrySet()) {
      Doc d = docs.get(e.getKey());
      d.text = e.getValue();
      d.version++;
    }
    return touched.stream().distinct().toList();
  }

  private Doc doc(String uri, Map<String, Doc> staged) throws IOException {
    Doc d = staged.containsKey(uri) ? staged.get(uri) : docs.get(uri);
    if (d != null) {
      return d;
    }
    Path p = Path.of(URI.create(uri));
    if (!Files.isRegularFile(p)) {
      throw new IOException("cannot edit " + p + ": no such file");
    }
    d = new Doc(p, Files.readString(p, StandardCharsets.UTF_8), false, 0, false);
    staged.put(uri, d);
    return d;
  }

  private static String applyEdits(String text, List<TextEdit> edits, Path path)
      throws IOException {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(
        Comparator.<TextEdit>comparingInt(e -> e.getRange().getStart().getLine())
            .thenComparingInt(e -> e.getRange().getStart().getCharacter())
            .reversed());
    StringBuilder sb = new StringBuilder(text);
    for (TextEdit e : sorted) {
      int start = offset(sb, e.getRange().getStart(), path);
      int end = offset(sb, e.getRange().getEnd(), path);
      if (end < start) {
        throw new IOException("an edit of " + path + " has its end before its start");
      }
      sb.replace(start, end, e.getNewText());
    }
    return sb.toString();
  }

  /** The UTF-16 offset of an LSP position (Java strings are UTF-16, the LSP default encoding). */
  static int offset(CharSequence text, Position p, Path path) throws IOException {
    int line = 0;
    int i = 0;
    while (line < p.getLine()) {
      int nl = indexOf(text, '\n', i);
      if (nl < 0) {
        throw new IOException(
            "an edit of " + path + " starts at line " + (p.getLine() + 1) + ", past its end");
      }
      i = nl + 1;
      line++;
    }
    int lineEnd = indexOf(text, '\n', i);
    if (lineEnd < 0) {
      lineEnd = text.length();
    }
    return Math.min(i + p.getCharacter(), lineEnd);
  }

  private static int indexOf(CharSequence text, char c, int from) {
    for (int k = from; k < text.length(); k++) {
      if (text.charAt(k) == c) {
        return k;
      }
    }
    return -1;
  }

  /** The files whose text changed, in the order they were first touched. */
  synchronized List<FileChange> changes() {
    List<FileChange> out = new ArrayList<>();
    for (Doc d : docs.values()) {
      if (!d.text.equals(d.before) || d.created) {
        out.add(new FileChange(d.path, d.before, d.text, d.created));
      }
    }
    return out;
  }

  /** Writes the current text of the given documents atomically. */
  synchronized void write(List<String> uris) throws IOException {
    for (String uri : uris) {
      Doc d = docs.get(uri);
      if (d != null) {
        writeAtomically(d.path, d.text);
      }
    }
  }

  static void writeAtomically(Path path, String text) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".codeloop-tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        // keep the file's permissions (a temporary file is owner-only)
        Files.setPosixFilePermissions(
            tmp,
            Files.exists(path)
                ? Files.getPosixFilePermissions(path)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the default permissions stay
      }
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

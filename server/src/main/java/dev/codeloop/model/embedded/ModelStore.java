package dev.codeloop.model.embedded;

import dev.codeloop.files.FileTrees;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.ModelCodec;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The persisted model: a versioned binary file with, per language, the vocabulary, the static trie
 * and the tokens of every document (so a restart neither re-lexes unchanged files nor rebuilds the
 * trie).
 *
 * <p>Several server processes may use the same folder. Writers take an exclusive lock on {@code
 * embedded-model.lock} (a file lock between processes; within one process the lock is retried,
 * because the JVM allows one holder only), merge what another writer saved since this store last
 * read or wrote the file ({@link #changedSinceSeen}), then write a temporary file and move it into
 * place atomically, so a reader never sees half a file and no writer loses another's documents.
 */
final class ModelStore {
  static final String FILE_NAME = "embedded-model.bin";
  static final String LOCK_NAME = "embedded-model.lock";
  private static final long LOCK_TIMEOUT_MS = 30_000;
  private static final long LOCK_RETRY_MS = 10;
  private static final int MAGIC = 0x434C454D; // "CLEM"
  static final int VERSION = 2;

  private final Path file;
  private final Object seenLock = new Object();
  private Object seen; // what the file was when this store last read or wrote it

  ModelStore(Path cacheDir) {
    this.file = cacheDir.resolve(FILE_NAME);
  }

  /** Work done while holding the folder's lock. */
  interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} holding the exclusive lock of the folder (blocks up to 30 s). */
  <T> T locked(Locked<T> work) throws IOException {
    Files.createDirectories(file.getParent());
    long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MS;
    try (FileChannel channel =
        FileChannel.open(
            file.resolveSibling(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          try {
            return work.run();
          } finally {
            lock.release();
          }
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("Timed out waiting for the lock of " + file.getParent());
        }
        try {
          Thread.sleep(LOCK_RETRY_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for the model lock");
        }
      }
    }
  }

  /**
   * Deletes the model folder {@code dir} with everything in it, unless a writer (a store of this
   * process or another) holds its lock: then it is left as it is.
   *
   * @return whether it was deleted
   */
  static boolean deleteUnlessLocked(Path dir) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        return false;
      }
      try {
        FileTrees.delete(dir);
        return true;
      } finally {
        if (lock.isValid()) {
          lock.release();
        }
      }
    }
  }

  /** The folder's lock if no one holds it, else null (a store of this process or another does). */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // another store of this process holds it
    }
  }

  /** Whether another writer replaced the file since this store last read or wrote it. */
  boolean changedSinceSeen() throws IOException {
    Object now = stamp();
    synchronized (seenLock) {
      return now != null && !now.equals(seen);
    }
  }

  private void markSeen() throws IOException {
    Object now = stamp();
    synchronized (seenLock) {
      seen = now;
    }
  }

  private Object stamp() throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return List.of(a.size(), a.lastModifiedTime().toMillis(), String.valueOf(a.fileKey()));
  }

  Path file() {
    return file;
  }

  void save(List<LanguageState> states, int order) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(order);
      out.writeInt(states.size());
      for (LanguageState s : states) {
        Map<String, DocumentEntry> docs = new HashMap<>(s.documents());
        LanguageState.Snapshot snap = s.builtSnapshot();
        out.writeUTF(s.language().name());
        ModelCodec.writeVocabulary(out, s.vocabulary());
        ModelCodec.writeTrie(out, snap.trie());
        out.writeInt(docs.size());
        for (Map.Entry<String, DocumentEntry> e : docs.entrySet()) {
          out.writeUTF(e.getKey());
          // editor buffers are saved as stale disk entries so the next index re-reads the file
          out.writeLong(e.getValue().fromEditor() ? 0 : e.getValue().size());
          out.writeLong(e.getValue().fromEditor() ? 0 : e.getValue().lastModified());
          ModelCodec.writeInts(out, e.getValue().tokens());
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    markSeen();
  }

  /** The saved languages, or an empty list when there is no compatible file. */
  List<LanguageState> load(EmbeddedTuning settings, Executor executor) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    markSeen();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION || in.readInt() != settings.order()) {
        return List.of();
      }
      int n = in.readInt();
      List<LanguageState> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Language language = Language.valueOf(in.readUTF());
        Vocabulary vocab = ModelCodec.readVocabulary(in);
        TrieModel trie = ModelCodec.readTrie(in);
        LanguageState state = new LanguageState(language, settings, vocab, trie, executor);
        int docs = in.readInt();
        for (int d = 0; d < docs; d++) {
          String uri = in.readUTF();
          long size = in.readLong();
          long modified = in.readLong();
          state.restore(uri, new DocumentEntry(ModelCodec.readInts(in), size, modified));
        }
        state.restored();
        out.add(state);
      }
      return out;
    }
  }
}

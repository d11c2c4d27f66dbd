package dev.codeloop.model.embedded.workspace;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.embedded.lex.Language;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Lists the source files of a workspace the model should learn, skipping what the session's {@link
 * WorkspaceIgnore} ignores (nested ignore files, {@code privacy.excludeGlobs}, secret-looking
 * files) — the same decisions the privacy filter makes.
 */
public final class WorkspaceScanner {

  /** A file to index. */
  public record SourceFile(Path path, Language language, long size, long lastModified) {}

  private final long maxFileBytes;
  private final WorkspaceIgnore ignore;

  public WorkspaceScanner(long maxFileBytes, WorkspaceIgnore ignore) {
    this.maxFileBytes = maxFileBytes;
    this.ignore = ignore;
  }

  public List<SourceFile> scan(Path root, CancelChecker cancel) throws IOException {
    List<SourceFile> out = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (cancel != null) {
              cancel.checkCanceled();
            }
            if (!dir.equals(root) && ignore.isEntryIgnored(root, dir, true)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile() || attrs.size() > maxFileBytes || attrs.size() == 0) {
              return FileVisitResult.CONTINUE;
            }
            Language lang = Language.fromFileName(file.getFileName().toString());
            if (lang == null || ignore.isEntryIgnored(root, file, false)) {
              return FileVisitResult.CONTINUE;
            }
            out.add(new SourceFile(file, lang, attrs.size(), attrs.lastModifiedTime().toMillis()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }
}

package dev.codeloop.workflow;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The workspace's file names for a plan or implement prompt, so the model names real files: the
 * first root's files in walk order, without hidden folders, build output, dependencies, and files
 * the privacy filter excludes; capped.
 */
final class WorkspaceListing {
  private static final Set<String> SKIPPED =
      Set.of("target", "build", "node_modules", "dist", "out", "__pycache__", "venv", ".venv");

  private WorkspaceListing() {}

  static List<String> list(Path root, Predicate<Path> excluded, int max) {
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              if (!dir.equals(root) && (name.startsWith(".") || SKIPPED.contains(name))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return out.size() >= max ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && !excluded.test(file)) {
                out.add(root.relativize(file).toString().replace('\\', '/'));
              }
              return out.size() >= max ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // a listing is context, not a requirement: what was gathered is used
    }
    out.sort(null);
    return out;
  }

  static String describe(Path root, Predicate<Path> excluded, int max) {
    List<String> files = list(root, excluded, max);
    StringBuilder sb = new StringBuilder("Files in the workspace");
    sb.append(files.size() >= max ? " (the first " + max + ")" : "").append(":\n");
    files.forEach(f -> sb.append("- ").append(f).append('\n'));
    return sb.toString();
  }
}

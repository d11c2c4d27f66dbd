package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.ImportNames;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The package a Java file declares, read from its path: the trailing folders whose dotted name the
 * workspace's own package and import statements know best ({@link ImportNames}). In {@code
 * src/main/java/dev/shop/cart/Cart.java} of a workspace that declares {@code package
 * dev.shop.model;} elsewhere, {@code dev.shop.cart} (its first two names known) wins over {@code
 * java.dev.shop.cart} (only {@code java} known) and {@code shop.cart} (nothing known); in the JDK's
 * {@code java.base/java/util/concurrent/Future.java}, {@code java.util.concurrent}. Where the
 * workspace knows none of them, the folders after a build tool's source root ({@code
 * src/main/java}, {@code src/test/java}, {@code src}). A new file's first line is typed by hand in
 * most editors without a Java server: its ghost text can be exact.
 */
final class PackageFromPath {
  private PackageFromPath() {}

  /**
   * The package of the file at {@code path} (workspace-relative, {@code /} or {@code \} separated),
   * or null when no trailing run of its folders is a package name.
   */
  static @Nullable String of(String path, ImportNames known) {
    String[] parts = path.replace('\\', '/').split("/");
    List<String> folders =
        new ArrayList<>(List.of(parts).subList(0, Math.max(0, parts.length - 1)));
    // the longest run of folders at the end that are all names
    int from = folders.size();
    while (from > 0 && Language.JAVA.isIdentifier(folders.get(from - 1))) {
      from--;
    }
    // after a build tool's source root the package starts there or later: the `java` of
    // src/main/java is a folder, whatever the workspace imports from java.*
    int root = afterSourceRoot(folders, from);
    from = Math.max(from, root);
    int best = -1;
    int bestDepth = 0;
    for (int i = from; i < folders.size(); i++) {
      int depth = knownDepth(folders.subList(i, folders.size()), known);
      if (depth > bestDepth) {
        best = i; // an earlier start wins a tie: com.sun.net over sun.net, both known that far
        bestDepth = depth;
      }
    }
    if (best < 0) {
      best = root;
    }
    return best < 0 || best >= folders.size()
        ? null
        : String.join(".", folders.subList(best, folders.size()));
  }

  /** How many of {@code names}' first names the workspace knows in turn. */
  private static int knownDepth(List<String> names, ImportNames known) {
    StringBuilder prefix = new StringBuilder();
    int depth = 0;
    for (String name : names) {
      if (!known.after(prefix.toString()).containsKey(name)) {
        break;
      }
      prefix.append(name).append('.');
      depth++;
    }
    return depth;
  }

  /**
   * The index after a build tool's source root among {@code folders} (from {@code from}), or -1.
   */
  private static int afterSourceRoot(List<String> folders, int from) {
    for (int i = folders.size() - 1; i >= 0; i--) {
      String f = folders.get(i);
      boolean mavenRoot =
          (f.equals("java") || f.equals("kotlin"))
              && i > 0
              && (folders.get(i - 1).equals("main") || folders.get(i - 1).equals("test"));
      if ((mavenRoot || f.equals("src")) && i + 1 >= from) {
        return i + 1; // the folders' size: a file of the default package
      }
    }
    return -1;
  }
}

package dev.codeloop.model.embedded.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.ignore.IgnoreFileCache;
import dev.codeloop.ignore.WorkspaceIgnore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceScannerTest {
  @TempDir Path root;

  private void write(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void should_skip_ignored_large_and_non_source_files() throws Exception {
    // given
    write(".gitignore", "target/\n*.gen.java\n");
    write(".codeloopignore", "secret/\n");
    write("src/A.java", "class A {}");
    write("src/B.gen.java", "class B {}");
    write("target/C.java", "class C {}");
    write("secret/D.java", "class D {}");
    write("web/.gitignore", "dist\n!keep.js\n*.js\n!keep.js\n");
    write("web/dist/x.js", "x");
    write("web/app.js", "x");
    write("web/keep.js", "x");
    write("README.md", "text");
    write("src/Big.java", "x".repeat(5000));
    write(".git/objects/E.java", "class E {}");

    // when
    List<String> files =
        new WorkspaceScanner(1000, WorkspaceIgnore.ignoreFilesOnly())
            .scan(root, () -> {}).stream()
                .map(f -> root.relativize(f.path()).toString().replace('\\', '/'))
                .sorted()
                .toList();

    // then
    assertThat(files).containsExactly("src/A.java", "web/keep.js");
  }

  @Test
  void should_skip_what_the_privacy_settings_exclude_and_secret_looking_files() throws Exception {
    // given: the session's engine, with privacy.excludeGlobs
    write("src/A.java", "class A {}");
    write("src/fixtures/F.java", "class F {}");
    write("web/.gitignore", "gen/\n");
    write("web/gen/g.ts", "let g = 1;");
    write("web/app.ts", "let a = 1;");
    write("keys/server.key", "-----BEGIN PRIVATE KEY-----");
    WorkspaceIgnore ignore =
        new WorkspaceIgnore(
            () -> List.of(root), () -> List.of("**/fixtures/**"), new IgnoreFileCache());

    // when
    List<String> files =
        new WorkspaceScanner(1000, ignore)
            .scan(root, () -> {}).stream()
                .map(f -> root.relativize(f.path()).toString().replace('\\', '/'))
                .sorted()
                .toList();

    // then
    assertThat(files).containsExactly("src/A.java", "web/app.ts");
  }
}

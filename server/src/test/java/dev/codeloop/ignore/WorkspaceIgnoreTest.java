package dev.codeloop.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ignore engine over a fixture tree with nested ignore files. */
class WorkspaceIgnoreTest {
  @TempDir Path root;
  private final AtomicReference<List<String>> globs = new AtomicReference<>(List.of());
  private WorkspaceIgnore ignore;

  @BeforeEach
  void fixture() throws Exception {
    write(".gitignore", "target/\n*.log\n!keep.log\n/out\nbuild/\n");
    write(".codeloopignore", "internal/**\n");
    write("web/.gitignore", "/dist\n*.js\n!keep.js\n");
    write("web/deep/.gitignore", "!*.js\n");
    write("lib/.gitignore", "vendor/\n");
    ignore =
        new WorkspaceIgnore(
            () -> List.of(root), globs::get, new IgnoreFileCache(Duration.ZERO, System::nanoTime));
  }

  private void write(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private boolean ignored(String rel) {
    return ignore.isIgnored(root.resolve(rel), false);
  }

  @Test
  void should_apply_the_root_ignore_files_with_negation_and_directory_only_patterns() {
    assertThat(ignored("target/classes/A.class")).isTrue();
    assertThat(ignored("server/target/x.txt")).isTrue();
    assertThat(ignored("logs/app.log")).isTrue();
    assertThat(ignored("keep.log")).isFalse();
    assertThat(ignored("internal/plan.md")).isTrue();
    assertThat(ignored("src/Main.java")).isFalse();
    // "build/" matches directories only: a file named build is kept
    assertThat(ignored("build")).isFalse();
    assertThat(ignored("build/out.js")).isTrue();
  }

  @Test
  void should_anchor_the_patterns_of_a_nested_ignore_file_to_its_own_folder() {
    // /out is anchored at the root; /dist at web/
    assertThat(ignored("out/a.txt")).isTrue();
    assertThat(ignored("web/out/a.txt")).isFalse();
    assertThat(ignored("web/dist/app.css")).isTrue();
    assertThat(ignored("dist/app.css")).isFalse();
    assertThat(ignored("lib/vendor/x.java")).isTrue();
    assertThat(ignored("vendor/x.java")).isFalse();
  }

  @Test
  void should_let_the_deepest_ignore_file_decide() {
    assertThat(ignored("web/app.js")).isTrue();
    assertThat(ignored("web/keep.js")).isFalse();
    assertThat(ignored("web/deep/app.js")).isFalse();
    assertThat(ignored("app.js")).isFalse();
  }

  @Test
  void should_not_re_include_a_file_below_an_ignored_directory() throws Exception {
    // given
    write("target/.gitignore", "!*\n");

    // when / then: git does not look into an ignored directory
    assertThat(ignored("target/keep.log")).isTrue();
  }

  @Test
  void should_apply_exclude_globs_and_secret_files() {
    // given
    globs.set(List.of("**/fixtures/**", "*.snap"));

    // when / then
    assertThat(ignored("test/fixtures/data.json")).isTrue();
    assertThat(ignored("web/a.snap")).isTrue();
    assertThat(ignored("config/.env")).isTrue();
    assertThat(ignored("certs/server.pem")).isTrue();
    assertThat(ignored(".env.example")).isFalse();
    assertThat(ignore.isIgnored(root.resolve(".git"), true)).isTrue();
  }

  @Test
  void should_judge_paths_outside_every_root_by_name_and_globs() {
    // given
    globs.set(List.of("**/private/**"));

    // when / then
    assertThat(ignore.isIgnored(Path.of("/elsewhere/private/a.txt"), false)).isTrue();
    assertThat(ignore.isIgnored(Path.of("/elsewhere/id_rsa"), false)).isTrue();
    assertThat(ignore.isIgnored(Path.of("/elsewhere/app.log"), false)).isFalse();
  }

  @Test
  void should_see_an_ignore_file_change() throws Exception {
    // given
    assertThat(ignored("src/Generated.java")).isFalse();

    // when
    write("src/.gitignore", "Generated.java\n");

    // then
    assertThat(ignored("src/Generated.java")).isTrue();

    // and when it goes again
    Files.delete(root.resolve("src/.gitignore"));
    assertThat(ignored("src/Generated.java")).isFalse();
  }

  @Test
  void should_keep_parsed_rules_until_the_recheck_interval_passes() throws Exception {
    // given
    long[] now = {0};
    IgnoreFileCache cache = new IgnoreFileCache(Duration.ofSeconds(2), () -> now[0]);
    WorkspaceIgnore cached = new WorkspaceIgnore(() -> List.of(root), List::of, cache);
    assertThat(cached.isIgnored(root.resolve("src/Generated.java"), false)).isFalse();

    // when
    write("src/.gitignore", "Generated.java\n");

    // then
    assertThat(cached.isIgnored(root.resolve("src/Generated.java"), false)).isFalse();
    now[0] += Duration.ofSeconds(3).toNanos();
    assertThat(cached.isIgnored(root.resolve("src/Generated.java"), false)).isTrue();
  }
}

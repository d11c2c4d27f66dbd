package dev.codeloop.workspace.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.settings.ServerSettings.PrivacySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyFilterTest {
  @TempDir Path root;

  private PrivacyFilter filter(List<String> globs) {
    return new PrivacyFilter(() -> List.of(root), () -> new PrivacySettings(globs, true));
  }

  private String uri(String rel) {
    return root.resolve(rel).toUri().toString();
  }

  @Test
  void should_refuse_secret_looking_files_whatever_the_settings() {
    // given
    PrivacyFilter filter = filter(List.of());

    // when / then
    assertThat(filter.isAllowed(uri(".env"))).isFalse();
    assertThat(filter.isAllowed(uri("config/.env.production"))).isFalse();
    assertThat(filter.isAllowed(uri("certs/server.pem"))).isFalse();
    assertThat(filter.isAllowed(uri("home/.ssh/id_rsa"))).isFalse();
    assertThat(filter.isAllowed(uri("home/.ssh/id_rsa.pub"))).isFalse();
    assertThat(filter.isAllowed(uri(".env.example"))).isTrue();
    assertThat(filter.isAllowed(uri("src/Main.java"))).isTrue();
  }

  @Test
  void should_refuse_files_of_gitignore_codeloopignore_and_exclude_globs() throws IOException {
    // given
    Files.writeString(root.resolve(".gitignore"), "build/\n*.generated.ts\n");
    Files.writeString(root.resolve(".codeloopignore"), "internal/**\n");
    PrivacyFilter filter = filter(List.of("**/fixtures/**"));

    // when / then
    assertThat(filter.isAllowed(uri("build/out.js"))).isFalse();
    assertThat(filter.isAllowed(uri("src/api.generated.ts"))).isFalse();
    assertThat(filter.isAllowed(uri("internal/plan.md"))).isFalse();
    assertThat(filter.isAllowed(uri("test/fixtures/data.json"))).isFalse();
    assertThat(filter.isAllowed(uri("src/api.ts"))).isTrue();
  }

  @Test
  void should_refuse_files_of_a_nested_gitignore() throws IOException {
    // given
    Files.createDirectories(root.resolve("web"));
    Files.writeString(root.resolve("web/.gitignore"), "/dist\n*.map\n");
    PrivacyFilter filter = filter(List.of());

    // when / then
    assertThat(filter.isAllowed(uri("web/dist/app.js"))).isFalse();
    assertThat(filter.isAllowed(uri("web/src/app.js.map"))).isFalse();
    assertThat(filter.isAllowed(uri("dist/app.js"))).isTrue();
    assertThat(filter.isAllowed(uri("web/src/app.js"))).isTrue();
  }

  @Test
  void should_give_workspace_relative_paths() {
    assertThat(filter(List.of()).relativePath(uri("src/a/B.java"))).isEqualTo("src/a/B.java");
    assertThat(filter(List.of()).relativePath("untitled:Untitled-1"))
        .isEqualTo("untitled:Untitled-1");
  }

  @Test
  void should_follow_changed_settings_and_roots_at_once_and_ignore_files_within_the_recheck()
      throws IOException {
    // given: one filter asked repeatedly, as every completion asks about the open documents
    java.util.concurrent.atomic.AtomicReference<List<String>> globs =
        new java.util.concurrent.atomic.AtomicReference<>(List.of());
    java.util.concurrent.atomic.AtomicReference<List<Path>> roots =
        new java.util.concurrent.atomic.AtomicReference<>(List.of(root));
    long[] clock = {0};
    PrivacyFilter filter =
        new PrivacyFilter(
            roots::get,
            () -> new PrivacySettings(globs.get(), true),
            new dev.codeloop.ignore.IgnoreFileCache(
                java.time.Duration.ofSeconds(2), () -> clock[0]));
    String doc = uri("src/gen/Model.java");
    assertThat(filter.isAllowed(doc)).isTrue();
    assertThat(filter.relativePath(doc)).isEqualTo("src/gen/Model.java");

    // when / then: new globs apply to the very next question
    globs.set(List.of("src/gen/**"));
    assertThat(filter.isAllowed(doc)).isFalse();
    globs.set(List.of());
    assertThat(filter.isAllowed(doc)).isTrue();

    // new roots too
    roots.set(List.of(root.resolve("src")));
    assertThat(filter.relativePath(doc)).isEqualTo("gen/Model.java");
    roots.set(List.of(root));
    assertThat(filter.relativePath(doc)).isEqualTo("src/gen/Model.java");

    // a new .gitignore within the period its rules are trusted: the answer given stands ...
    Files.writeString(root.resolve(".gitignore"), "gen/\n");
    clock[0] += 1_000_000_000L;
    assertThat(filter.isAllowed(doc)).isTrue();
    // ... and after it, the file is read and followed
    clock[0] += 2_000_000_000L;
    assertThat(filter.isAllowed(doc)).isFalse();
    assertThat(filter.isAllowed(uri("src/Main.java"))).isTrue();
  }

  @Test
  void should_follow_a_changed_ignore_file_at_once_when_files_are_rechecked_on_every_use()
      throws IOException {
    // given
    PrivacyFilter filter =
        new PrivacyFilter(
            () -> List.of(root),
            () -> new PrivacySettings(List.of(), true),
            new dev.codeloop.ignore.IgnoreFileCache(java.time.Duration.ZERO, System::nanoTime));
    String doc = uri("notes/todo.md");
    assertThat(filter.isAllowed(doc)).isTrue();

    // when
    Files.writeString(root.resolve(".codeloopignore"), "notes/\n");

    // then
    assertThat(filter.isAllowed(doc)).isFalse();
  }
}

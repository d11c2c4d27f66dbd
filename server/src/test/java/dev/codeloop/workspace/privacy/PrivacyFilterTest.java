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
}

package dev.codeloop.workspace.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.handler.WorkspaceFoldersHandler;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feeder indexes with the session's ignore engine: privacy.excludeGlobs and nested ignore files
 * keep files out of the embedded model, and a folder added to the session gets indexed.
 */
class EmbeddedModelFeederTest {
  @TempDir Path root;
  @TempDir Path added;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final SessionContext context = new SessionContext();
  private final EmbeddedCodeModel model =
      EmbeddedCodeModel.builder().executor(Runnable::run).build();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    model.close();
  }

  private EmbeddedModelFeeder feeder(List<String> excludeGlobs) {
    PrivacyFilter privacy =
        new PrivacyFilter(context::roots, () -> new PrivacySettings(excludeGlobs, true));
    return new EmbeddedModelFeeder(
        CompletableFuture.completedFuture(model),
        new DocumentStore(),
        new Debouncer<>(scheduler, Runnable::run),
        privacy,
        EmbeddedModelFeeder.newRootSet(),
        () -> true);
  }

  private static void write(Path dir, String rel, String content) throws Exception {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void should_not_learn_files_matched_by_exclude_globs_or_nested_gitignore() throws Exception {
    // given
    write(root, "src/A.java", "class A { int a = 1; }");
    write(root, "src/fixtures/F.java", "class F { int f = 1; }");
    write(root, "web/.gitignore", "gen/\n");
    write(root, "web/gen/G.java", "class G { int g = 1; }");
    context.setRoots(List.of(root));

    // when
    feeder(List.of("**/fixtures/**")).indexRoots(List.of(root), (t, c, m) -> Progress.NONE);

    // then
    assertThat(model.stats().documents()).isEqualTo(1);
  }

  @Test
  void should_index_a_folder_added_to_the_session() throws Exception {
    // given
    write(root, "src/A.java", "class A { int a = 1; }");
    write(added, "src/B.java", "class B { int b = 2; }");
    write(added, "src/C.java", "class C { int c = 3; }");
    context.setRoots(List.of(root));
    EmbeddedModelFeeder feeder = feeder(List.of());
    feeder.indexRoots(context.roots(), (t, c, m) -> Progress.NONE);
    WorkspaceFoldersHandler folders =
        new WorkspaceFoldersHandler(
            context, roots -> feeder.indexRoots(roots, (t, c, m) -> Progress.NONE));

    // when
    folders.handle(
        new DidChangeWorkspaceFoldersParams(
            new WorkspaceFoldersChangeEvent(
                List.of(new WorkspaceFolder(added.toUri().toString(), "added")), List.of())));

    // then
    assertThat(context.roots()).containsExactly(root, added);
    assertThat(model.stats().documents()).isEqualTo(3);
  }
}

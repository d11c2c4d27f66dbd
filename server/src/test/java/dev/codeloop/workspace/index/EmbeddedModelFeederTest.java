package dev.codeloop.workspace.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextChange;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.handler.WorkspaceFoldersHandler;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.ProjectModels;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
  private final ProjectModels models =
      new ProjectModels(null, Runnable::run, EmbeddedCodeModel::builder, Duration.ofSeconds(1));

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    models.close();
  }

  private EmbeddedModelFeeder feeder(List<String> excludeGlobs) {
    return feeder(new DocumentStore(), new Debouncer<>(scheduler, Runnable::run), excludeGlobs);
  }

  /** The root indexed, and a feeder learning {@code store}'s documents from now on. */
  private void feedAndIndexRoot(DocumentStore store, Debouncer<String> debouncer) {
    context.setRoots(List.of(root));
    EmbeddedModelFeeder feeder = feeder(store, debouncer, List.of());
    store.addListener(feeder);
    feeder.indexRoots(List.of(root), (t, c, m) -> Progress.NONE);
  }

  /** A feeder of {@code store}'s documents, learning saved versions at once. */
  private EmbeddedModelFeeder feeder(
      DocumentStore store, Debouncer<String> debouncer, List<String> excludeGlobs) {
    PrivacyFilter privacy =
        new PrivacyFilter(context::roots, () -> new PrivacySettings(excludeGlobs, true));
    return new EmbeddedModelFeeder(
        models,
        store,
        debouncer,
        privacy,
        EmbeddedModelFeeder.newRootSet(),
        () -> true,
        Optional::empty,
        () -> Duration.ZERO);
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
    assertThat(models.stats().documents()).isEqualTo(1);
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
    assertThat(models.project(root, Optional.empty()).join().stats().documents()).isEqualTo(1);
    assertThat(models.project(added, Optional.empty()).join().stats().documents()).isEqualTo(2);
  }

  @Test
  void should_learn_a_saved_version_only_when_no_edit_follows_it() throws Exception {
    // given
    DocumentStore store = new DocumentStore();
    Debouncer<String> debouncer = new Debouncer<>(scheduler, Runnable::run);
    feedAndIndexRoot(store, debouncer);
    String typing = root.resolve("Typing.java").toUri().toString();
    String settled = root.resolve("Settled.java").toUri().toString();
    store.open(typing, "java", 1, "class Typing { void run() { invent");
    store.open(settled, "java", 1, "class Settled { void go() {} }");
    debouncer.awaitIdle(Duration.ofSeconds(5));
    EmbeddedCodeModel model = models.project(root, Optional.empty()).join();
    model.removeDocument(typing); // start from a model that knows neither
    model.removeDocument(settled);

    // when: one is saved mid-edit and typing goes on; the other is saved and left alone
    store.saved(typing, null);
    store.change(
        typing,
        2,
        List.of(new TextChange(Optional.empty(), Optional.empty(), "class Typing { inventory")));
    store.saved(settled, null);
    debouncer.awaitIdle(Duration.ofSeconds(5));

    // then
    assertThat(model.knows(typing)).isFalse();
    assertThat(model.knows(settled)).isTrue();
  }

  @Test
  void should_let_the_saved_file_replace_a_buffer_opened_twice_once_it_is_closed()
      throws Exception {
    // given a session that opened a file twice (an editor's repeated didOpen replaces the
    // document) and a model that learned the buffer
    write(root, "src/Twice.java", "class Twice { int onDisk; }");
    DocumentStore store = new DocumentStore();
    Debouncer<String> debouncer = new Debouncer<>(scheduler, Runnable::run);
    feedAndIndexRoot(store, debouncer);
    String uri = root.resolve("src/Twice.java").toUri().toString();
    store.open(uri, "java", 1, "class Twice { int inBuffer; }");
    store.open(uri, "java", 2, "class Twice { int inBuffer; int more; }");
    debouncer.awaitIdle(Duration.ofSeconds(5));
    EmbeddedCodeModel model = models.project(root, Optional.empty()).join();
    assertThat(model.stats().editorDocuments()).isEqualTo(1);

    // when its one didClose comes
    store.close(uri);
    debouncer.awaitIdle(Duration.ofSeconds(5));

    // then no session holds it: the saved file takes the buffer's place
    assertThat(model.stats().editorDocuments()).isZero();
    assertThat(model.knows(uri)).isTrue();
  }
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.FimRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One model per project: persisted per root, never fed by another project, written safely by
 * several stores of the same folder, and learning only stable saved versions.
 */
class ProjectModelsTest {
  @TempDir Path cache;
  @TempDir Path alpha;
  @TempDir Path beta;
  @TempDir Path empty;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private ProjectModels models() {
    ProjectModels m =
        new ProjectModels(
            cache,
            Runnable::run,
            () -> EmbeddedCodeModel.builder().searchBudget(Duration.ofMinutes(1)),
            Duration.ofSeconds(5));
    open.add(m);
    return m;
  }

  private static void write(Path root, String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static String module(String name) {
    return """
        def %1$s_open(path):
            handle = %1$s_reader(path)
            %1$s_check(handle)
            return handle
        """
        .formatted(name);
  }

  private static List<String> complete(ProjectModels models, String path, String prefix) {
    return models.complete(
        new FimRequest(path, "python", prefix, "", List.of(), false), 5, () -> {});
  }

  @Test
  void should_never_offer_the_tokens_of_an_unrelated_project() throws Exception {
    // given two projects learned and persisted one after the other
    for (int i = 0; i < 5; i++) {
      write(alpha, "pkg/a" + i + ".py", module("frobnicate"));
      write(beta, "pkg/b" + i + ".py", module("zebra"));
    }
    ProjectModels first = models();
    EmbeddedCodeModel a = first.project(alpha, Optional.empty()).join();
    a.indexWorkspace(alpha, null, null).join();
    a.persist();
    EmbeddedCodeModel b = first.project(beta, Optional.empty()).join();
    b.indexWorkspace(beta, null, null).join();
    b.persist();

    // when a new server process opens beta, and another an empty folder
    ProjectModels second = models();
    EmbeddedCodeModel reloaded = second.project(beta, Optional.empty()).join();
    EmbeddedCodeModel fresh = second.project(empty, Optional.empty()).join();

    // then
    assertThat(reloaded.stats().documents()).isEqualTo(5);
    assertThat(fresh.stats().documents()).isZero();
    assertThat(fresh.stats().tokens()).isZero();
    assertThat(complete(second, "pkg/b0.py", "x = fro")).isEmpty();
    assertThat(String.join(" ", complete(second, "pkg/b0.py", "x = zeb"))).contains("ra_");
    assertThat(
            reloaded
                .stateFor(dev.codeloop.model.embedded.lex.Language.PYTHON)
                .vocabulary()
                .lookup("frobnicate_open"))
        .isZero();
    assertThat(ProjectModels.folderFor(cache, alpha))
        .isNotEqualTo(ProjectModels.folderFor(cache, beta));
    assertThat(ProjectModels.folderFor(cache, alpha).resolve(ModelStore.FILE_NAME)).exists();
  }

  @Test
  void should_start_from_the_shared_model_only_when_asked_and_never_write_it() throws Exception {
    // given a model persisted in a folder the user names as shared
    for (int i = 0; i < 3; i++) {
      write(alpha, "pkg/a" + i + ".py", module("frobnicate"));
    }
    Path shared = ProjectModels.folderFor(cache, alpha);
    ProjectModels first = models();
    EmbeddedCodeModel a = first.project(alpha, Optional.empty()).join();
    a.indexWorkspace(alpha, null, null).join();
    a.persist();
    long before = Files.getLastModifiedTime(shared.resolve(ModelStore.FILE_NAME)).toMillis();

    // when
    ProjectModels second = models();
    EmbeddedCodeModel without = second.project(beta, Optional.empty()).join();
    EmbeddedCodeModel with = second.project(empty, Optional.of(shared)).join();
    with.persist();

    // then
    assertThat(without.stats().documents()).isZero();
    assertThat(with.stats().documents()).isEqualTo(3);
    assertThat(Files.getLastModifiedTime(shared.resolve(ModelStore.FILE_NAME)).toMillis())
        .isEqualTo(before);
    assertThat(ProjectModels.folderFor(cache, empty).resolve(ModelStore.FILE_NAME)).exists();
  }

  @Test
  void should_keep_the_documents_of_two_stores_persisting_the_same_folder_at_once()
      throws Exception {
    // given two models of one project (two server processes), each learning other files
    for (int i = 0; i < 8; i++) {
      write(alpha, "one/a" + i + ".py", module("left" + i));
      write(alpha, "two/b" + i + ".py", module("right" + i));
    }
    Path folder = ProjectModels.folderFor(cache, alpha);
    EmbeddedCodeModel one =
        EmbeddedCodeModel.builder().cacheDir(folder).executor(Runnable::run).build();
    EmbeddedCodeModel two =
        EmbeddedCodeModel.builder().cacheDir(folder).executor(Runnable::run).build();
    open.add(one);
    open.add(two);
    for (int i = 0; i < 8; i++) {
      one.learnFileIfStable(alpha.resolve("one/a" + i + ".py"), Duration.ZERO, u -> false).join();
      two.learnFileIfStable(alpha.resolve("two/b" + i + ".py"), Duration.ZERO, u -> false).join();
    }

    // when both persist repeatedly, at the same time, from their own threads
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Void> x =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 5; i++) {
                  one.persist();
                }
              },
              threads);
      CompletableFuture<Void> y =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 5; i++) {
                  two.persist();
                }
              },
              threads);
      CompletableFuture.allOf(x, y).join();
    } finally {
      threads.shutdownNow();
    }
    // the last writer saw the other's file: one more round settles both
    one.persist();

    // then a third process loads every document of both, with consistent token ids
    EmbeddedCodeModel third =
        EmbeddedCodeModel.builder()
            .cacheDir(folder)
            .executor(Runnable::run)
            .searchBudget(Duration.ofMinutes(1))
            .build();
    open.add(third);
    assertThat(third.stats().documents()).isEqualTo(16);
    assertThat(third.knows(alpha.resolve("one/a3.py").toUri().toString())).isTrue();
    assertThat(third.knows(alpha.resolve("two/b5.py").toUri().toString())).isTrue();
    List<String> got =
        third.complete(
            new FimRequest("two/new.py", "python", "h = right5_re", "", List.of(), false),
            3,
            () -> {});
    assertThat(got).anyMatch(s -> s.startsWith("ader"));
  }

  @Test
  void should_not_learn_a_file_saved_too_recently_or_held_with_unsaved_edits() throws Exception {
    // given
    write(alpha, "pkg/done.py", module("settled"));
    write(alpha, "pkg/typing.py", module("halftyp"));
    write(alpha, "pkg/held.py", module("held"));
    EmbeddedCodeModel m = EmbeddedCodeModel.builder().executor(Runnable::run).build();
    open.add(m);
    Files.setLastModifiedTime(
        alpha.resolve("pkg/done.py"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Files.setLastModifiedTime(
        alpha.resolve("pkg/held.py"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    String held = alpha.resolve("pkg/held.py").toUri().toString();

    // when
    IndexStats stats =
        m.indexWorkspace(
                alpha,
                WorkspaceIgnore.ignoreFilesOnly(),
                Duration.ofSeconds(30),
                held::equals,
                null,
                null)
            .join();

    // then
    assertThat(stats.files()).isEqualTo(1);
    assertThat(stats.deferred())
        .containsExactlyInAnyOrder(alpha.resolve("pkg/typing.py"), alpha.resolve("pkg/held.py"));
    assertThat(m.knows(alpha.resolve("pkg/typing.py").toUri().toString())).isFalse();
    assertThat(
            m.learnFileIfStable(alpha.resolve("pkg/typing.py"), Duration.ofSeconds(30), u -> false)
                .join())
        .isFalse();
    assertThat(
            m.learnFileIfStable(alpha.resolve("pkg/typing.py"), Duration.ZERO, u -> false).join())
        .isTrue();
    assertThat(m.knows(alpha.resolve("pkg/typing.py").toUri().toString())).isTrue();
  }

  @Test
  void should_keep_a_buffer_while_another_session_still_has_the_file_open() throws Exception {
    // given a file two editors have open, the model holding one's saved buffer
    write(alpha, "pkg/shared.py", module("ondisk"));
    ProjectModels models = models();
    EmbeddedCodeModel m = models.project(alpha, Optional.empty()).join();
    String uri = alpha.resolve("pkg/shared.py").toUri().toString();
    models.opened(uri);
    models.opened(uri);
    m.updateDocument(uri, "python", module("inbuffer")).join();
    assertThat(m.stats().editorDocuments()).isEqualTo(1);

    // when the first closes it
    models.closed(uri);
    boolean learned = models.documentClosed(uri, true, u -> false).join();

    // then the other editor's file keeps its buffer in the model
    assertThat(learned).isFalse();
    assertThat(m.stats().editorDocuments()).isEqualTo(1);
    assertThat(String.join(" ", complete(models, "pkg/shared.py", "x = inbu"))).contains("ffer_");

    // when the last closes it, the saved file takes the buffer's place
    models.closed(uri);
    assertThat(models.documentClosed(uri, true, u -> false).join()).isTrue();
    assertThat(m.stats().editorDocuments()).isZero();
    assertThat(m.knows(uri)).isTrue();
  }

  @Test
  void should_serve_each_editor_from_its_own_project_when_both_hold_the_same_path()
      throws Exception {
    // given two projects, each with its own pkg/main.py, learned by one server
    for (int i = 0; i < 5; i++) {
      write(alpha, "pkg/a" + i + ".py", module("frobnicate"));
      write(beta, "pkg/b" + i + ".py", module("frobozz"));
    }
    write(alpha, "pkg/main.py", "x = 1\n");
    write(beta, "pkg/main.py", "y = 2\n");
    ProjectModels models = models();
    models.project(alpha, Optional.empty()).join().indexWorkspace(alpha, null, null).join();
    models.project(beta, Optional.empty()).join().indexWorkspace(beta, null, null).join();
    String inAlpha = alpha.resolve("pkg/main.py").toUri().toString();
    String inBeta = beta.resolve("pkg/main.py").toUri().toString();

    for (String first : List.of(inAlpha, inBeta)) {
      // when one editor's project was used last (its document learned), and both ask
      models.forUri(first).join();
      List<String> alphaAnswer = completeIn(models, inAlpha, "z = frob");
      List<String> betaAnswer = completeIn(models, inBeta, "z = frob");

      // then each is answered from its own project's names, never the other's
      assertThat(String.join(" ", alphaAnswer)).contains("nicate_").doesNotContain("ozz_");
      assertThat(String.join(" ", betaAnswer)).contains("ozz_").doesNotContain("nicate_");
    }
    // a request naming no document still goes to a project holding its path
    assertThat(complete(models, "pkg/main.py", "z = frob")).isNotEmpty();
  }

  private static List<String> completeIn(ProjectModels models, String uri, String prefix) {
    return models.complete(
        new FimRequest("pkg/main.py", "python", prefix, "", List.of(), false).forDocument(uri),
        5,
        () -> {});
  }

  @Test
  void should_write_nothing_once_closed_even_an_indexing_that_ends_after_the_close()
      throws Exception {
    // given a project's model, learned and persisted, as an indexing leaves it
    for (int i = 0; i < 3; i++) {
      write(alpha, "pkg/a" + i + ".py", module("frobnicate"));
    }
    ProjectModels models = models();
    EmbeddedCodeModel m = models.project(alpha, Optional.empty()).join();
    m.indexWorkspace(alpha, null, null).join();
    m.persist();
    Path folder = ProjectModels.folderFor(cache, alpha);
    assertThat(folder.resolve("embedded-model.bin")).isRegularFile();

    // when the models are closed, their folder removed (a temporary home, as the launcher's
    // training run has), and an indexing still running then persists
    models.close();
    dev.codeloop.files.FileTrees.delete(folder);
    m.persist();
    models.persist();

    // then nothing is written again: no folder, no lock file
    assertThat(folder).doesNotExist();
  }

  @Test
  void should_close_a_model_that_was_still_loading_when_the_models_were_closed() throws Exception {
    // given a project whose model loads on an executor that has not run yet
    write(alpha, "pkg/a.py", module("frobnicate"));
    List<Runnable> queued = new ArrayList<>();
    ProjectModels models =
        new ProjectModels(
            cache,
            queued::add,
            () -> EmbeddedCodeModel.builder().executor(Runnable::run),
            Duration.ofSeconds(5));
    open.add(models);
    CompletableFuture<EmbeddedCodeModel> loading = models.project(alpha, Optional.empty());

    // when the models are closed, and then the load runs and the model is asked to persist
    models.close();
    queued.forEach(Runnable::run);
    EmbeddedCodeModel m = loading.join();
    m.updateDocument(alpha.resolve("pkg/a.py").toUri().toString(), "python", module("zebra"));
    Path folder = ProjectModels.folderFor(cache, alpha);
    dev.codeloop.files.FileTrees.delete(folder);
    m.persist();

    // then it writes nothing
    assertThat(folder).doesNotExist();
  }
}

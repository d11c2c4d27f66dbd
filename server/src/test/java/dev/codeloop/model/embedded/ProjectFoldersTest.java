package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persisted project models stay within bounds: age, gone roots, a total size. */
class ProjectFoldersTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final ProjectFolders.Policy POLICY =
      new ProjectFolders.Policy(Duration.ofDays(90), Duration.ofDays(7), 10_000);

  @TempDir Path projects;
  @TempDir Path roots;

  /** A project folder with a model of {@code bytes} written {@code daysAgo}, for {@code root}. */
  private Path folder(String key, Path root, int bytes, int daysAgo) throws Exception {
    Path dir = Files.createDirectories(projects.resolve(key));
    Files.writeString(dir.resolve("root.txt"), root + "\n");
    Path model = Files.write(dir.resolve(ModelStore.FILE_NAME), new byte[bytes]);
    Files.setLastModifiedTime(model, FileTime.from(NOW.minus(Duration.ofDays(daysAgo))));
    return dir;
  }

  private static String key(int i) {
    return String.format("%024x", i);
  }

  @Test
  void should_delete_models_unused_for_long_or_whose_root_is_gone_and_keep_the_rest()
      throws Exception {
    // given
    Path live = Files.createDirectories(roots.resolve("live"));
    Path recent = folder(key(1), live, 100, 3);
    Path stale = folder(key(2), live, 100, 120);
    Path goneOld = folder(key(3), roots.resolve("deleted"), 100, 10);
    Path goneRecent = folder(key(4), roots.resolve("unmounted"), 100, 2);
    Path notOurs = Files.createDirectories(projects.resolve("notes"));
    Files.setLastModifiedTime(notOurs, FileTime.from(NOW.minus(Duration.ofDays(400))));

    // when
    List<Path> deleted = ProjectFolders.prune(projects, Set.of(), POLICY, NOW);

    // then
    assertThat(deleted).containsExactlyInAnyOrder(stale, goneOld);
    assertThat(stale).doesNotExist();
    assertThat(goneOld).doesNotExist();
    assertThat(recent).isDirectory();
    assertThat(goneRecent).isDirectory();
    assertThat(notOurs).isDirectory();
  }

  @Test
  void should_keep_the_total_under_the_budget_deleting_the_least_recently_written_first()
      throws Exception {
    // given four models of 4,000 bytes (16,000 against a budget of 10,000), one of them in use
    Path root = Files.createDirectories(roots.resolve("r"));
    Path oldest = folder(key(1), root, 4_000, 30);
    Path inUse = folder(key(2), root, 4_000, 20);
    Path older = folder(key(3), root, 4_000, 10);
    Path newest = folder(key(4), root, 4_000, 1);

    // when
    List<Path> deleted = ProjectFolders.prune(projects, Set.of(inUse), POLICY, NOW);

    // then the in-use one counts but stays; the oldest others go until the rest fits
    assertThat(deleted).containsExactly(oldest, older);
    assertThat(inUse).isDirectory();
    assertThat(newest).isDirectory();
  }

  @Test
  void should_leave_a_folder_whose_lock_a_writer_holds() throws Exception {
    // given a stale model being written by another store (its lock held)
    Path stale = folder(key(7), roots, 100, 200);
    try (FileChannel channel =
            FileChannel.open(
                stale.resolve(ModelStore.LOCK_NAME),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      // when
      List<Path> deleted = ProjectFolders.prune(projects, Set.of(), POLICY, NOW);

      // then
      assertThat(held.isValid()).isTrue();
      assertThat(deleted).isEmpty();
      assertThat(stale.resolve(ModelStore.FILE_NAME)).exists();
    }
  }

  @Test
  void should_never_prune_a_project_the_models_serve(@TempDir Path cache) throws Exception {
    // given a project served by this process, its model written long ago, and another's
    Path served = Files.createDirectories(roots.resolve("served"));
    ProjectModels models =
        new ProjectModels(
            cache, Runnable::run, () -> EmbeddedCodeModel.builder(), Duration.ofSeconds(5));
    try (models) {
      models.project(served, Optional.empty()).join();
      Path mine = ProjectModels.folderFor(cache, served);
      Files.write(mine.resolve(ModelStore.FILE_NAME), new byte[10]);
      Files.setLastModifiedTime(
          mine.resolve(ModelStore.FILE_NAME), FileTime.from(NOW.minus(Duration.ofDays(365))));
      Path other = cache.resolve(ProjectModels.PROJECTS).resolve(key(9));
      Files.createDirectories(other);
      Files.setLastModifiedTime(other, FileTime.from(NOW.minus(Duration.ofDays(365))));

      // when
      int deleted = models.pruneFolders(NOW);

      // then
      assertThat(deleted).isEqualTo(1);
      assertThat(mine.resolve(ModelStore.FILE_NAME)).exists();
      assertThat(other).doesNotExist();
    }
  }
}

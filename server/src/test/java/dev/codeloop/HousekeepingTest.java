package dev.codeloop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.ProjectModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once scheduled, the housekeeping removes what earlier servers left, and only that. */
class HousekeepingTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @TempDir Path tmp;
  @TempDir Path cache;
  @TempDir Path roots;

  /** Above Linux's largest process id (2^22): never a running process. */
  private static final long GONE_PID = 4_300_000;

  @Test
  void should_remove_a_killed_servers_copies_and_unused_project_models_once_scheduled()
      throws Exception {
    // given a copy left by a server that is gone, one of this process, a project model written a
    // year ago and the model of a project this process serves
    Path killed = Files.createDirectories(tmp.resolve("codeloop-shadow-" + GONE_PID + "-s-1"));
    Files.writeString(killed.resolve("Calc.java"), "class Calc {}");
    Files.setLastModifiedTime(killed, FileTime.from(NOW.minus(Duration.ofHours(5))));
    long self = ProcessHandle.current().pid();
    Path mine = Files.createDirectories(tmp.resolve("codeloop-shadow-" + self + "-s-1"));
    Files.setLastModifiedTime(mine, FileTime.from(NOW.minus(Duration.ofHours(5))));
    ProjectModels models =
        new ProjectModels(
            cache, Runnable::run, () -> EmbeddedCodeModel.builder(), Duration.ofSeconds(5));
    Path served = Files.createDirectories(roots.resolve("served"));
    models.project(served, Optional.empty()).join();
    Path servedFolder = ProjectModels.folderFor(cache, served);
    Files.setLastModifiedTime(servedFolder, FileTime.from(NOW.minus(Duration.ofDays(365))));
    Path unused = Files.createDirectories(cache.resolve("projects").resolve("0".repeat(24)));
    Files.setLastModifiedTime(unused, FileTime.from(NOW.minus(Duration.ofDays(365))));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (models) {
      // when it is scheduled (at once here)
      new Housekeeping(tmp, models, Clock.fixed(NOW, ZoneOffset.UTC))
          .schedule(scheduler, Runnable::run, Duration.ZERO);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((Files.exists(killed) || Files.exists(unused)) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      // then
      assertThat(killed).doesNotExist();
      assertThat(unused).doesNotExist();
      assertThat(mine).isDirectory();
      assertThat(servedFolder).isDirectory();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void should_do_nothing_when_the_server_closed_before_its_time() throws Exception {
    // given a stale copy, and a scheduler already shut down (the server closed within the minute)
    Path killed = Files.createDirectories(tmp.resolve("codeloop-shadow-" + GONE_PID + "-s-2"));
    Files.setLastModifiedTime(killed, FileTime.from(NOW.minus(Duration.ofHours(5))));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    scheduler.shutdownNow();
    try (ProjectModels models =
        new ProjectModels(
            cache, Runnable::run, () -> EmbeddedCodeModel.builder(), Duration.ofSeconds(5))) {
      // when
      new Housekeeping(tmp, models, Clock.fixed(NOW, ZoneOffset.UTC))
          .schedule(scheduler, Runnable::run, Duration.ZERO);

      // then: refused quietly, nothing removed
      assertThat(killed).isDirectory();
    }
  }
}

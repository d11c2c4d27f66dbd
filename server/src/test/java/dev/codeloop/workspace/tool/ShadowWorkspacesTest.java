package dev.codeloop.workspace.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's shadow copies go with it, and those of servers that have ended go later. */
class ShadowWorkspacesTest {
  @TempDir Path tmp;
  @TempDir Path root;

  @Test
  void should_delete_the_sessions_copies_when_closed_and_make_no_more() throws Exception {
    // given two sessions of one process, each with a prepared copy of the same root
    Files.writeString(root.resolve("a.txt"), "saved");
    Files.createDirectories(root.resolve("node_modules/dep"));
    Files.writeString(root.resolve("node_modules/dep/index.js"), "dependency");
    ShadowWorkspaces mine = new ShadowWorkspaces(tmp, 4242, "s1");
    ShadowWorkspaces other = new ShadowWorkspaces(tmp, 4242, "s2");
    Path copy = mine.apply(root).prepare(root, Map.of(root.resolve("a.txt"), "unsaved"));
    Path otherCopy = other.apply(root).prepare(root, Map.of());
    assertThat(copy.resolve("a.txt")).hasContent("unsaved");
    assertThat(mine.apply(root).dir()).isNotEqualTo(other.apply(root).dir());

    // when one session ends
    mine.close();

    // then its copy is gone (the linked dependencies with it, not what they link to), the other
    // session's stays, and the ended session makes no new copy
    assertThat(copy).doesNotExist();
    assertThat(otherCopy.resolve("a.txt")).hasContent("saved");
    assertThat(root.resolve("node_modules/dep/index.js")).hasContent("dependency");
    assertThatThrownBy(() -> mine.apply(root)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void should_sweep_only_the_quiet_copies_of_processes_that_are_gone() throws Exception {
    // given copies of a dead process (old and recent), of a live one, and other folders
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    Path deadOld = tmp.resolve("codeloop-shadow-111-5f3a-9c");
    Files.createDirectories(deadOld.resolve("src"));
    Files.writeString(deadOld.resolve("src/Calc.java"), "class Calc {}");
    Files.setLastModifiedTime(deadOld, FileTime.from(now.minus(Duration.ofHours(3))));
    Path deadRecent = folder("codeloop-shadow-111-77aa-12", now.minus(Duration.ofMinutes(5)));
    Path liveOld = folder("codeloop-shadow-222-5f3a-9c", now.minus(Duration.ofHours(3)));
    Path notOurs = folder("codeloop-shadowy-111-x", now.minus(Duration.ofHours(3)));
    Path noPid = folder("codeloop-shadow-abc-1", now.minus(Duration.ofHours(3)));
    Set<Long> alive = Set.of(222L);

    // when
    int deleted = ShadowWorkspaces.sweepStale(tmp, alive::contains, Duration.ofHours(1), now);

    // then
    assertThat(deleted).isEqualTo(1);
    assertThat(deadOld).doesNotExist();
    assertThat(deadRecent).isDirectory();
    assertThat(liveOld).isDirectory();
    assertThat(notOurs).isDirectory();
    assertThat(noPid).isDirectory();
  }

  @Test
  void should_read_the_process_id_from_a_copys_name() {
    assertThat(ShadowWorkspaces.pidOf("codeloop-shadow-1234-abc-ff")).isEqualTo(1234);
    assertThat(ShadowWorkspaces.pidOf("codeloop-shadow--abc")).isEqualTo(-1);
    assertThat(ShadowWorkspaces.pidOf("codeloop-shadow-12x-abc")).isEqualTo(-1);
    assertThat(ShadowWorkspaces.pidOf("codeloop-jvm-training123")).isEqualTo(-1);
  }

  @Test
  void should_know_this_process_is_running() {
    assertThat(ShadowWorkspaces.running(ProcessHandle.current().pid())).isTrue();
  }

  private Path folder(String name, Instant modified) throws Exception {
    Path d = Files.createDirectories(tmp.resolve(name));
    Files.setLastModifiedTime(d, FileTime.from(modified));
    return d;
  }
}

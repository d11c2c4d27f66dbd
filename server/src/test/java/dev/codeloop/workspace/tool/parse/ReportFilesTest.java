package dev.codeloop.workspace.tool.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
  @TempDir Path root;

  private Path report(String relative, Instant modified) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "<testsuite/>");
    Files.setLastModifiedTime(p, FileTime.from(modified));
    return p;
  }

  @Test
  void should_find_only_the_reports_a_run_wrote_since_it_started() throws Exception {
    // given
    Instant start = Instant.parse("2026-12-02T20:00:00Z");
    Path surefire = report("target/surefire-reports/TEST-demo.ATest.xml", start.plusSeconds(5));
    report("target/surefire-reports/TEST-demo.OldTest.xml", start.minusSeconds(600));
    Path gradle = report("build/test-results/test/TEST-demo.BTest.xml", start.plusSeconds(1));
    Path pytest = report(".codeloop/pytest-junit.xml", start.plusSeconds(2));
    report("target/surefire-reports/demo.ATest.txt", start.plusSeconds(5));

    // when / then
    assertThat(ReportFiles.since(root, start)).containsExactlyInAnyOrder(surefire, gradle, pytest);
  }
}

package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes of one project persist its model folder at the same time (issue 15, a model
 * per project written safely by concurrent processes): each learns other files, both write
 * repeatedly under the folder's OS file lock, merging what the other saved, and a third process
 * then finds every document of both, none lost to a last-writer-wins overwrite.
 */
class TwoProcessModelStoreTest {
  @TempDir Path cache;
  @TempDir Path project;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Process p : started) {
      p.destroyForcibly();
    }
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

  private Process writer(Path folder, Path dir, int rounds) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                ModelWriterProcess.class.getName(),
                folder.toString(),
                dir.toString(),
                Integer.toString(rounds))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    started.add(p);
    return p;
  }

  @Test
  void should_keep_every_document_when_two_processes_persist_the_same_project_at_once()
      throws Exception {
    // given a project whose two halves are learned by two processes
    Path left = Files.createDirectories(project.resolve("left"));
    Path right = Files.createDirectories(project.resolve("right"));
    for (int i = 0; i < 12; i++) {
      Files.writeString(left.resolve("a" + i + ".py"), module("left" + i));
      Files.writeString(right.resolve("b" + i + ".py"), module("right" + i));
    }
    Path folder = ProjectModels.folderFor(cache, project);
    Files.createDirectories(folder);
    Process one = writer(folder, left, 6);
    Process two = writer(folder, right, 6);
    BufferedReader outOne =
        new BufferedReader(new InputStreamReader(one.getInputStream(), StandardCharsets.UTF_8));
    BufferedReader outTwo =
        new BufferedReader(new InputStreamReader(two.getInputStream(), StandardCharsets.UTF_8));
    assertThat(outOne.readLine()).isEqualTo("ready");
    assertThat(outTwo.readLine()).isEqualTo("ready");

    // when both are told to go at once
    for (Process p : List.of(one, two)) {
      OutputStream in = p.getOutputStream();
      in.write('\n');
      in.flush();
    }
    String doneOne = outOne.readLine();
    String doneTwo = outTwo.readLine();
    assertThat(one.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(two.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(one.exitValue()).isZero();
    assertThat(two.exitValue()).isZero();
    // each process ends with its own 12 documents at least (plus what it merged from the other)
    assertThat(Integer.parseInt(doneOne.substring(5))).isGreaterThanOrEqualTo(12);
    assertThat(Integer.parseInt(doneTwo.substring(5))).isGreaterThanOrEqualTo(12);

    // then a third process loads both halves from the folder
    try (EmbeddedCodeModel third =
        EmbeddedCodeModel.builder()
            .cacheDir(folder)
            .executor(Runnable::run)
            .searchBudget(Duration.ofMinutes(1))
            .build()) {
      assertThat(third.stats().documents()).isEqualTo(24);
      for (int i = 0; i < 12; i++) {
        assertThat(third.knows(left.resolve("a" + i + ".py").toUri().toString())).isTrue();
        assertThat(third.knows(right.resolve("b" + i + ".py").toUri().toString())).isTrue();
      }
      List<String> got =
          third.complete(
              new FimRequest("left/new.py", "python", "h = right7_re", "", List.of(), false),
              3,
              () -> {});
      assertThat(got).anyMatch(s -> s.startsWith("ader"));
    }
  }
}

package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the build leaves next to the jar ({@code server/target/codeloop}): executable,
 * passes its arguments through, keeps stdout for JSON-RPC, writes a class-data archive into the
 * user's cache on the first run and maps it afterwards.
 */
@Timeout(180)
class LauncherTest {
  @TempDir Path home;

  private Path launcher() {
    return ServerProcess.jar().resolveSibling("codeloop");
  }

  private Process start(String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(launcher().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("CODELOOP_JAVA");
    pb.environment().remove("CODELOOP_JAVA_OPTS");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  /** One editor session: initialize, shutdown, exit; returns the process's exit code. */
  private int session() throws Exception {
    Process p = start();
    RawClient raw = new RawClient(p.getInputStream(), p.getOutputStream());
    assertThat(raw.initialize().has("result")).isTrue();
    raw.request("s", "shutdown", null);
    raw.awaitResponse("s");
    raw.notify("exit", null);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private List<Path> archives() throws IOException {
    Path dir = home.resolve("cache/codeloop/jvm");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().matches("codeloop-.*\\.(jsa|aot)")).toList();
    }
  }

  @Test
  void should_be_executable_and_pass_its_arguments_through() throws Exception {
    // when
    Process p = start("--version");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // then
    assertThat(Files.isExecutable(launcher())).isTrue();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).startsWith("codeloop ");
  }

  @Test
  void should_write_the_archive_on_the_first_run_and_map_it_afterwards() throws Exception {
    // when: a first session (no archive yet), then a second one
    int first = session();
    int second = session();

    // then: both served cleanly over stdout; one archive for this jar and JDK
    assertThat(first).isZero();
    assertThat(second).isZero();
    assertThat(archives()).hasSize(1);
    assertThat(Files.size(archives().get(0))).isGreaterThan(1_000_000L);

    // and a third start with the archive in place still serves
    assertThat(session()).isZero();
    assertThat(archives()).hasSize(1);
  }
}

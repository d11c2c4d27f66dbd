package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher the build leaves next to the jar ({@code server/target/codeloop}): executable,
 * passes its arguments through, keeps stdout for JSON-RPC; when the user's cache has no class-data
 * archive yet, the editor's run starts without one and a training run in the background writes it
 * (so no editor session pays for writing it at its exit, and killing the server loses nothing);
 * later runs map it. The training types into documents of its own against a model of its own and
 * never reads the user's settings.
 */
@Timeout(180)
class LauncherTest {
  @TempDir Path home;

  private Path launcher() {
    return ServerProcess.jar().resolveSibling("codeloop");
  }

  private Process start(String... args) throws IOException {
    return start(Path.of(System.getProperty("java.home")), args);
  }

  private Process start(Path javaHome, String... args) throws IOException {
    return start(launcher(), javaHome, args);
  }

  private Process start(Path launcher, Path javaHome, String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().remove("CODELOOP_JAVA");
    pb.environment().remove("CODELOOP_JAVA_OPTS");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  /** What one editor session saw: its JVM's command line and the process's exit code. */
  private record Session(String commandLine, int exitCode) {}

  /** One editor session: initialize, shutdown, exit. */
  private Session session() throws Exception {
    return session(Path.of(System.getProperty("java.home")));
  }

  private Session session(Path javaHome) throws Exception {
    return session(launcher(), javaHome);
  }

  private Session session(Path launcher, Path javaHome) throws Exception {
    Process p = start(launcher, javaHome);
    RawClient raw = new RawClient(p.getInputStream(), p.getOutputStream());
    assertThat(raw.initialize().has("result")).isTrue();
    String commandLine = commandLine(p.pid());
    raw.request("s", "shutdown", null);
    raw.awaitResponse("s");
    raw.notify("exit", null);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Session(commandLine, p.exitValue());
  }

  /** The command line of a running process (a server's: the launcher has exec'd java by now). */
  private static String commandLine(long pid) throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
  }

  /** Waits until the training run has put the archive in place and gone. */
  private List<Path> awaitArchive() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline && (archives().isEmpty() || trainingRuns())) {
      Thread.sleep(200);
    }
    return archives();
  }

  private boolean trainingRuns() throws IOException {
    Path dir = home.resolve("cache/codeloop/jvm");
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".training"));
    }
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

  /**
   * The JDK running the tests and every other one installed in {@code /usr/lib/jvm} of another
   * feature version (JDK 25+ makes an AOT cache, not a CDS archive).
   */
  static List<Path> installedJdks() throws IOException {
    Path own = Path.of(System.getProperty("java.home")).toRealPath();
    List<Path> out = new java.util.ArrayList<>(List.of(own));
    java.util.Set<String> features = new java.util.HashSet<>(List.of(feature(own)));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        for (Path home : s.sorted().toList()) {
          if (Files.isExecutable(home.resolve("bin/java"))
              && Files.isRegularFile(home.resolve("release"))
              && features.add(feature(home))) {
            out.add(home.toRealPath());
          }
        }
      }
    }
    return out;
  }

  /** The feature version a JDK's {@code release} file names ("17", "25"). */
  private static String feature(Path home) throws IOException {
    for (String line : Files.readAllLines(home.resolve("release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        return line.replaceAll("JAVA_VERSION=\"?([0-9]+).*", "$1");
      }
    }
    return "?";
  }

  @ParameterizedTest
  @MethodSource("installedJdks")
  void should_write_the_archive_in_the_background_and_map_it_afterwards(Path jdk) throws Exception {
    // when: a first session (no archive yet)
    Session first = session(jdk);

    // then: it served cleanly, neither writing an archive at its exit nor mapping one
    assertThat(first.exitCode()).isZero();
    assertThat(first.commandLine())
        .doesNotContain(
            "ArchiveClassesAtExit",
            "AOTCacheOutput",
            "SharedArchiveFile",
            "AOTCache=",
            "ArchiveRelocationMode");

    // and the training run leaves one archive for this jar and JDK, and no lock
    List<Path> archives = awaitArchive();
    assertThat(archives).hasSize(1);
    assertThat(trainingRuns()).isFalse();
    assertThat(Files.size(archives.get(0))).isGreaterThan(1_000_000L);

    // when: the next session
    Session second = session(jdk);

    // then: it maps the archive (at the address it was written for: no relocation of every
    // pointer in it), and nothing is trained again
    assertThat(second.exitCode()).isZero();
    assertThat(second.commandLine()).containsAnyOf("SharedArchiveFile=", "AOTCache=");
    assertThat(second.commandLine()).contains("-XX:ArchiveRelocationMode=0");
    assertThat(second.commandLine()).doesNotContain("ArchiveClassesAtExit", "AOTCacheOutput");
    assertThat(trainingRuns()).isFalse();
    assertThat(archives()).isEqualTo(archives);

    // and the one after that too (the launcher remembers which archive to map)
    Session third = session(jdk);
    assertThat(third.exitCode()).isZero();
    assertThat(third.commandLine()).contains(archives.get(0).toString());
  }

  @Test
  void should_keep_each_jdk_to_its_own_archive() throws Exception {
    List<Path> jdks = installedJdks();
    // given: the archive of the JDK running the tests, in place
    session();
    List<Path> own = awaitArchive();
    assertThat(own).hasSize(1);

    for (Path other : jdks.subList(1, jdks.size())) {
      // when: the same jar launched by another JDK (JAVA_HOME changed)
      Session first = session(other);

      // then: it is not handed the first JDK's archive (which it cannot map: the JVM would print
      // an error and train nothing), and it gets one of its own
      assertThat(first.exitCode()).isZero();
      assertThat(first.commandLine()).doesNotContain(own.get(0).toString());
      List<Path> both = awaitArchiveCount(2);
      assertThat(both).hasSize(2).containsAll(own);
      Path its = both.stream().filter(a -> !own.contains(a)).findFirst().orElseThrow();
      assertThat(session(other).commandLine()).contains(its.toString());

      // and the first JDK still maps its own, untouched
      assertThat(session().commandLine()).contains(own.get(0).toString());
      Files.delete(its);
    }
  }

  private List<Path> awaitArchiveCount(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline && (archives().size() < n || trainingRuns())) {
      Thread.sleep(200);
    }
    return archives();
  }

  @Test
  void should_remove_the_archive_of_an_installation_that_is_gone() throws Exception {
    // given: two installations of the server (as an editor extension keeps one per version), the
    // first one used (its archive made and mapped)
    Path jdk = Path.of(System.getProperty("java.home"));
    Path old = install("v1");
    Path current = install("v2");
    session(old, jdk);
    List<Path> oldArchive = awaitArchive();
    assertThat(oldArchive).hasSize(1);
    assertThat(session(old, jdk).commandLine()).contains(oldArchive.get(0).toString());

    // when: the first installation is removed and the second one starts (and trains)
    TestFiles.deleteTree(old.getParent());
    session(current, jdk);
    List<Path> after = awaitArchiveCount(1);

    // then: only the second installation's archive is left, once its training is done
    assertThat(after).hasSize(1).doesNotContainAnyElementsOf(oldArchive);
    assertThat(session(current, jdk).commandLine()).contains(after.get(0).toString());
  }

  /** A copy of the launcher and the jar in a folder of their own; the launcher's path. */
  private Path install(String name) throws IOException {
    Path dir = Files.createDirectories(home.resolve("installs").resolve(name));
    Files.copy(ServerProcess.jar(), dir.resolve("codeloop.jar"));
    Path launcher = Files.copy(launcher(), dir.resolve("codeloop"));
    assertThat(launcher.toFile().setExecutable(true)).isTrue();
    return launcher;
  }

  /**
   * Under the launcher's flags an array of a megabyte or more (the embedded model's tables while it
   * is built) is allocated in the serial collector's old generation, not in its 32 MB young one,
   * whose next collection would copy it out and grow the old generation for it while the garbage
   * there waits for a full collection (the peak memory while a workspace is indexed or opened): on
   * every installed JDK, with the flags its server was started with.
   */
  @ParameterizedTest
  @MethodSource("installedJdks")
  void should_allocate_large_arrays_in_the_old_generation(Path jdk) throws Exception {
    // given: the flags the launcher started a server of this JDK with (no archive yet)
    Session session = session(jdk);
    awaitArchive();
    List<String> words = List.of(session.commandLine().trim().split(" "));
    List<String> flags = words.subList(1, words.indexOf("-jar"));

    // when: a JVM with those flags allocates a 2 MB array and a 256 KB one
    String large = probe(jdk, flags, 2 << 20);
    String small = probe(jdk, flags, 256 << 10);

    // then: the large one is in the old generation, the small one in the young
    assertThat(young(large)).as(large).isLessThan(1 << 20);
    assertThat(old(large)).as(large).isGreaterThanOrEqualTo(2 << 20);
    assertThat(young(small)).as(small).isGreaterThanOrEqualTo(256 << 10);
    assertThat(old(small)).as(small).isLessThan(256 << 10);
  }

  /** {@link OldGenerationProbe}'s line for one array of {@code bytes}. */
  private static String probe(Path jdk, List<String> flags, int bytes) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
    cmd.addAll(flags);
    cmd.addAll(
        List.of(
            "-cp",
            Path.of(
                    OldGenerationProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString(),
            OldGenerationProbe.class.getName(),
            Integer.toString(bytes)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static long young(String line) {
    return Long.parseLong(line.replaceAll(".*young=(-?[0-9]+).*", "$1"));
  }

  private static long old(String line) {
    return Long.parseLong(line.replaceAll(".*old=(-?[0-9]+).*", "$1"));
  }

  /**
   * Before JDK 21 a dynamic archive keeps the "queued for compilation" mark of the methods waiting
   * for the JIT when the training exited (JDK-8306460), and no run mapping it ever compiles them
   * (the workspace lexer's loop ran interpreted: indexing took twice as long). Whether a method is
   * queued at that moment is a race no test can set up, so this checks what rules it out: the
   * training JVM compiles nothing there; from 21 on it runs with its JIT (on 25+ the AOT cache
   * keeps its profiles).
   */
  @ParameterizedTest
  @MethodSource("installedJdks")
  void should_train_with_no_jit_where_the_archive_would_keep_its_queue(Path jdk) throws Exception {
    // when: a first session starts the training
    assertThat(session(jdk).exitCode()).isZero();
    String training = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (training == null && System.nanoTime() < deadline) {
      training = trainingCommandLine();
      Thread.sleep(10);
    }
    awaitArchive();

    // then
    assertThat(training).as("the training run's command line").isNotNull();
    if (Integer.parseInt(feature(jdk)) < 21) {
      assertThat(training).contains(" -Xint ");
    } else {
      assertThat(training).doesNotContain("-Xint");
    }
  }

  /** The command line of this test's training JVM while it runs, or null. */
  private String trainingCommandLine() {
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      try {
        String cmd = commandLine(process.pid());
        if (cmd.contains("--jvm-training") && cmd.contains(home.toString())) {
          return cmd;
        }
      } catch (IOException gone) {
        // the process ended since it was listed
      }
    }
    return null;
  }

  @ParameterizedTest
  @MethodSource("installedJdks")
  void should_train_without_the_users_settings_or_models(Path jdk) throws Exception {
    // given: the user's settings route every task to a model of theirs (here a loopback port that
    // counts its connections)
    try (ServerSocket userModel = new ServerSocket()) {
      userModel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      AtomicInteger connections = new AtomicInteger();
      Thread acceptor =
          new Thread(
              () -> {
                while (!userModel.isClosed()) {
                  try (Socket s = userModel.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "user-model");
      acceptor.setDaemon(true);
      acceptor.start();
      Path config = Files.createDirectories(home.resolve("config/codeloop"));
      Files.writeString(
          config.resolve("config.json"),
          """
          {"models": {"mine": {"provider": "openai-compatible",
                               "baseUrl": "http://127.0.0.1:%d/v1", "model": "mine"}},
           "routes": {"completion": ["mine"], "codeAction": ["mine"], "chat": ["mine"]}}
          """
              .formatted(userModel.getLocalPort()));

      // when: a first session starts the training, which types and asks for completions (on
      // JDK 25+) and writes the archive
      assertThat(session(jdk).exitCode()).isZero();
      List<Path> archives = awaitArchive();

      // then: the archive is there, and nothing ever connected to the user's model
      assertThat(archives).hasSize(1);
      assertThat(connections.get()).isZero();
    }
  }

  @Test
  void should_make_the_archive_even_when_the_editor_kills_its_first_server() throws Exception {
    // given: a first server, answering
    Process p = start();
    RawClient raw = new RawClient(p.getInputStream(), p.getOutputStream());
    assertThat(raw.initialize().has("result")).isTrue();

    // when: the editor kills it (as editors do when a server is slow to exit)
    p.destroyForcibly();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then: the archive is made all the same
    assertThat(awaitArchive()).hasSize(1);
    assertThat(session().commandLine()).containsAnyOf("SharedArchiveFile=", "AOTCache=");
  }
}

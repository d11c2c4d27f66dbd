package dev.codeloop.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How the protocol tests run the jar: JVM flags for a fast start, an AppCDS archive of the server's
 * classes made once per jar build, and teardown of every process the tests started (and only
 * those).
 *
 * <p>The flags trade peak speed for start-up, which is what a test process spends its life on: C1
 * only ({@code -XX:TieredStopAtLevel=1}), the serial collector, and class data sharing. JVM log
 * output goes to stderr, never to stdout, which carries the protocol. The archive is dumped by one
 * training run ({@code initialize}, a command, {@code shutdown}, {@code exit}) with {@code
 * -XX:ArchiveClassesAtExit} into {@code codeloop.cds.dir} (target/cds in the build), named after
 * the jar's size and time stamp so that a rebuilt jar gets a new one; if the dump fails the tests
 * run without it.
 */
final class TestJvm {
  private static final List<String> FAST_START =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xshare:auto",
          "-Xlog:disable",
          "-Xlog:all=warning:stderr");

  /** Processes started by the tests and not yet ended: killed at the latest when the JVM exits. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  /** Per-run fixture: the archive for the jar under test, made on first use. */
  private static Optional<Path> archive;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> List.copyOf(LIVE).forEach(TestJvm::kill), "test-jvm-reaper"));
  }

  private TestJvm() {}

  /** The JVM options for a test server running {@code jar}. */
  static List<String> flags(Path jar) {
    List<String> flags = new ArrayList<>(FAST_START);
    archiveFor(jar).ifPresent(a -> flags.add("-XX:SharedArchiveFile=" + a));
    return flags;
  }

  static Process track(Process p) {
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
    return p;
  }

  /** Ends a process the tests started (its own children first): SIGTERM, then SIGKILL after 3 s. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(3, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    LIVE.remove(process);
  }

  private static synchronized Optional<Path> archiveFor(Path jar) {
    if (archive == null) {
      archive = createArchive(jar);
    }
    return archive;
  }

  private static Optional<Path> createArchive(Path jar) {
    String dir = System.getProperty("codeloop.cds.dir");
    if (dir == null || Boolean.getBoolean("codeloop.cds.off")) {
      return Optional.empty();
    }
    try {
      Path target =
          Path.of(dir)
              .resolve(
                  "codeloop-"
                      + Files.size(jar)
                      + "-"
                      + Files.getLastModifiedTime(jar).toMillis()
                      + ".jsa");
      if (Files.isRegularFile(target)) {
        return Optional.of(target);
      }
      Files.createDirectories(target.getParent());
      Path partial = Files.createTempFile(target.getParent(), "dump-", ".jsa");
      Files.delete(partial);
      Path xdg = Files.createTempDirectory("codeloop-cds-xdg");
      List<String> cmd = new ArrayList<>();
      cmd.add(ServerProcess.javaExecutable());
      cmd.addAll(FAST_START);
      cmd.add("-XX:ArchiveClassesAtExit=" + partial);
      cmd.add("-jar");
      cmd.add(jar.toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("XDG_CONFIG_HOME", xdg.toString());
      pb.environment().put("XDG_CACHE_HOME", xdg.resolve("cache").toString());
      pb.environment().put("XDG_STATE_HOME", xdg.resolve("state").toString());
      pb.environment().put("CODELOOP_CACHE_DIR", xdg.resolve("cache").toString());
      Process p = track(pb.start());
      try {
        train(p);
        if (!p.waitFor(60, TimeUnit.SECONDS)
            || p.exitValue() != 0
            || !Files.isRegularFile(partial)) {
          System.err.println("AppCDS archive not created; the protocol tests run without it");
          return Optional.empty();
        }
      } finally {
        kill(p);
        TestFiles.deleteTree(xdg);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(target);
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "AppCDS archive not created (" + e + "); the protocol tests run without it");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Drives one short session so the archive holds the classes a session loads. */
  private static void train(Process p) throws IOException, InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread drain =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  synchronized (out) {
                    out.write(buf, 0, n);
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
            },
            "cds-training-stdout");
    drain.setDaemon(true);
    drain.start();
    OutputStream in = p.getOutputStream();
    send(
        in,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"capabilities\":{}}}");
    send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    send(
        in,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"workspace/executeCommand\",\"params\":{\"command\":\"codeloop.showSettings\"}}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && p.isAlive()) {
      synchronized (out) {
        if (out.toString(StandardCharsets.UTF_8).contains("\"id\":2")) {
          break;
        }
      }
      Thread.sleep(20);
    }
    send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}");
    send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
    in.close();
  }

  private static void send(OutputStream in, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    in.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    in.write(b);
    in.flush();
  }
}

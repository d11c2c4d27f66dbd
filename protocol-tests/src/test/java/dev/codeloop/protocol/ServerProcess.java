package dev.codeloop.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a separate process ({@code java -jar codeloop.jar}), with a private {@code
 * XDG_CONFIG_HOME} so that the developer's own config never leaks into a test. Stderr is drained
 * into a buffer (so the server never blocks on a full pipe) and can be inspected; failure messages
 * quote its tail. The only place in the protocol tests that spawns the jar: JVM flags for a fast
 * start and teardown live in {@link TestJvm}.
 */
public final class ServerProcess implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Thread stderrPump;

  private ServerProcess(Process process, boolean pumpStdout) {
    this.process = process;
    this.stderrPump = pump(process.getErrorStream(), stderr, "stderr-pump");
    if (pumpStdout) {
      pump(process.getInputStream(), stderr, "stdout-pump");
    }
  }

  static Path jar() {
    String jar = System.getProperty("codeloop.jar");
    if (jar == null) {
      throw new IllegalStateException("system property codeloop.jar is not set");
    }
    Path p = Path.of(jar);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          p + " does not exist; run: mvn -o -pl server package -DskipTests");
    }
    return p;
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts the server in stdio mode with the given extra arguments. */
  static ServerProcess start(Path xdgConfigHome, String... args) throws IOException {
    return start(xdgConfigHome, false, args);
  }

  static ServerProcess start(Path xdgConfigHome, boolean pumpStdout, String... args)
      throws IOException {
    return start(xdgConfigHome, pumpStdout, env -> {}, args);
  }

  /** Starts the server in stdio mode without the environment variables named in {@code unset}. */
  public static ServerProcess startWithout(
      Path xdgConfigHome, java.util.Set<String> unset, String... args) throws IOException {
    return start(xdgConfigHome, false, env -> unset.forEach(env::remove), args);
  }

  /**
   * Starts the server in stdio mode; {@code environment} may change the child's environment (e.g.
   * remove API keys) after the private XDG folders are set.
   */
  public static ServerProcess start(
      Path xdgConfigHome,
      boolean pumpStdout,
      java.util.function.Consumer<java.util.Map<String, String>> environment,
      String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(TestJvm.flags(jar()));
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("XDG_CONFIG_HOME", xdgConfigHome.toString());
    pb.environment().put("XDG_CACHE_HOME", xdgConfigHome.resolve("cache").toString());
    pb.environment().put("XDG_STATE_HOME", xdgConfigHome.resolve("state").toString());
    environment.accept(pb.environment());
    return new ServerProcess(TestJvm.track(pb.start()), pumpStdout);
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  synchronized (sink) {
                    sink.write(buf, 0, n);
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  public String stderr() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Waits until stderr contains {@code text}; returns the whole stderr then, or empty on timeout.
   */
  Optional<String> awaitStderr(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String s = stderr();
      if (s.contains(text)) {
        return Optional.of(s);
      }
      if (!process.isAlive() && !stderrPump.isAlive()) {
        return stderr().contains(text) ? Optional.of(stderr()) : Optional.empty();
      }
      Thread.sleep(20);
    }
    return Optional.empty();
  }

  /** The exit code, or empty if the process is still running after {@code timeout}. */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.of(process.exitValue());
    }
    return Optional.empty();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last {@code max} characters of stderr, for failure messages. */
  public String stderrTail(int max) {
    String all = stderr();
    return all.length() <= max ? all : "…" + all.substring(all.length() - max);
  }

  /** Kills the process this object started (by its PID), if it still runs. */
  @Override
  public void close() {
    TestJvm.kill(process);
  }
}

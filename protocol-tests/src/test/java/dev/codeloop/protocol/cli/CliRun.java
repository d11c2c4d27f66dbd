package dev.codeloop.protocol.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the jar's command line as a process: its exit code, stdout and stderr. */
public record CliRun(int exitCode, String stdout, String stderr) {

  /**
   * Runs {@code java -jar codeloop.jar args…} in {@code cwd} with private XDG folders under {@code
   * home}; kills it (by its PID) if it has not ended after {@code seconds}.
   */
  public static CliRun run(Path home, Path cwd, long seconds, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread o = pump(p.getInputStream(), out);
    Thread e = pump(p.getErrorStream(), err);
    p.getOutputStream().close();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError(
          "codeloop "
              + String.join(" ", args)
              + " did not end in "
              + seconds
              + " s; stderr: "
              + err);
    }
    o.join(5000);
    e.join(5000);
    return new CliRun(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path jar() {
    String jar = System.getProperty("codeloop.jar");
    if (jar == null) {
      throw new IllegalStateException("system property codeloop.jar is not set");
    }
    return Path.of(jar);
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t =
        new Thread(
            () -> {
              try {
                in.transferTo(sink);
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            },
            "cli-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }
}

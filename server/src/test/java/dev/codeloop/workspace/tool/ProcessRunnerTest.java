package dev.codeloop.workspace.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through {@code sh -c}. */
@DisabledOnOs(OS.WINDOWS)
class ProcessRunnerTest {
  @TempDir Path dir;
  private final ExecutorService readers = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    readers.shutdownNow();
    scheduler.shutdownNow();
  }

  private ProcessRunner runner(Map<String, String> env, int limit) {
    return new ProcessRunner(readers, scheduler, env, limit, Duration.ofMillis(500));
  }

  private ProcessRunner runner() {
    return runner(System.getenv(), ProcessRunner.DEFAULT_OUTPUT_LIMIT);
  }

  private ProcessRunner.Command sh(String script, Duration timeout) {
    return new ProcessRunner.Command(List.of("sh", "-c", script), dir, timeout);
  }

  private static RunResult await(CompletableFuture<RunResult> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void should_return_the_exit_code_and_merged_output() throws Exception {
    RunResult r =
        await(runner().run("k", sh("echo out; echo err >&2; exit 3", Duration.ofSeconds(10))));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.output()).contains("out").contains("err");
    assertThat(r.timedOut()).isFalse();
    assertThat(r.cancelled()).isFalse();
    assertThat(r.cutBytes()).isZero();
  }

  @Test
  void should_keep_head_and_tail_of_long_output() throws Exception {
    RunResult r =
        await(
            runner(System.getenv(), 100)
                .run(
                    "k",
                    sh(
                        "echo FIRST; i=0; while [ $i -lt 2000 ]; do echo middle; i=$((i+1)); done;"
                            + " echo LAST",
                        Duration.ofSeconds(10))));

    assertThat(r.output()).startsWith("FIRST").endsWith("LAST\n").contains(" bytes cut …");
    assertThat(r.cutBytes()).isEqualTo(6 + 2000 * 7 + 5 - 100);
    assertThat(r.output().length()).isLessThan(200);
  }

  @Test
  void should_kill_the_whole_tree_on_timeout() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    CompletableFuture<RunResult> f =
        runner().run("k", sh("sleep 60 & echo $! > " + pidFile + "; wait", Duration.ofMillis(700)));

    RunResult r = await(f);

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isNotZero();
    long child = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
    assertGone(child);
  }

  @Test
  void should_kill_the_whole_tree_when_cancelled() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    CompletableFuture<RunResult> f =
        runner().run("k", sh("sleep 60 & echo $! > " + pidFile + "; wait", Duration.ofMinutes(5)));
    long child = waitForPid(pidFile);
    ProcessHandle parent = ProcessHandle.of(child).flatMap(ProcessHandle::parent).orElseThrow();

    f.cancel(true);

    assertThat(f).isCancelled();
    assertGone(child);
    assertGone(parent.pid());
    org.assertj.core.api.Assertions.assertThatThrownBy(f::join)
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void should_cancel_the_older_run_of_the_same_key() throws Exception {
    ProcessRunner runner = runner();
    Path pidFile = dir.resolve("child.pid");
    CompletableFuture<RunResult> older =
        runner.run(
            "root|check", sh("sleep 60 & echo $! > " + pidFile + "; wait", Duration.ofMinutes(5)));
    long child = waitForPid(pidFile);

    RunResult newer = await(runner.run("root|check", sh("echo newer", Duration.ofSeconds(10))));
    RunResult old = await(older);

    assertThat(newer.output()).isEqualTo("newer\n");
    assertThat(old.cancelled()).isTrue();
    assertGone(child);
  }

  @Test
  void should_not_pass_credentials_to_the_process() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OPENAI_API_KEY", "sk-secret");
    env.put("GITHUB_TOKEN", "ghp-secret");
    env.put("DB_PASSWORD", "hunter2");
    env.put("AWS_SECRET_ACCESS_KEY", "aws");
    env.put("CODELOOP_HARMLESS", "kept");

    RunResult r =
        await(
            runner(env, ProcessRunner.DEFAULT_OUTPUT_LIMIT)
                .run("k", sh("env", Duration.ofSeconds(10))));

    assertThat(r.output())
        .contains("CODELOOP_HARMLESS=kept")
        .doesNotContain("_API_KEY")
        .doesNotContain("GITHUB_TOKEN")
        .doesNotContain("PASSWORD")
        .doesNotContain("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void should_fail_clearly_when_the_program_does_not_exist() {
    CompletableFuture<RunResult> f =
        runner()
            .run(
                "k",
                new ProcessRunner.Command(
                    List.of("codeloop-no-such-program"), dir, Duration.ofSeconds(5)));

    assertThat(f).failsWithin(Duration.ofSeconds(5));
    assertThat(f.handle((r, t) -> t.getMessage()).join())
        .contains("cannot start codeloop-no-such-program");
  }

  private static long waitForPid(Path pidFile) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (java.nio.file.Files.exists(pidFile)) {
        String s = java.nio.file.Files.readString(pidFile).trim();
        if (!s.isEmpty()) {
          return Long.parseLong(s);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the script never wrote its child's pid");
  }

  private static void assertGone(long pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        Thread.sleep(20);
      } else {
        return;
      }
    }
    throw new AssertionError("process " + pid + " is still alive");
  }
}

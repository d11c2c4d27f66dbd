package dev.codeloop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommonPoolSizingTest {

  @Test
  void should_give_the_common_pool_two_threads_on_machines_with_fewer_than_three_processors() {
    for (int processors : new int[] {1, 2}) {
      Properties p = new Properties();
      assertThat(CommonPoolSizing.apply(p, processors)).isTrue();
      assertThat(p.getProperty(CommonPoolSizing.PARALLELISM)).isEqualTo("2");
    }
  }

  @Test
  void should_leave_larger_machines_and_a_users_own_value_alone() {
    Properties large = new Properties();
    assertThat(CommonPoolSizing.apply(large, 3)).isFalse();
    assertThat(large.getProperty(CommonPoolSizing.PARALLELISM)).isNull();

    Properties own = new Properties();
    own.setProperty(CommonPoolSizing.PARALLELISM, "1");
    assertThat(CommonPoolSizing.apply(own, 2)).isFalse();
    assertThat(own.getProperty(CommonPoolSizing.PARALLELISM)).isEqualTo("1");
  }

  /**
   * In a JVM that sees two processors, applied first thing in {@code main}, async stages with no
   * executor run on pooled common-pool workers, not on a new thread each (what they did before).
   */
  @Test
  void should_make_async_stages_run_on_pooled_threads_in_a_two_processor_jvm() throws Exception {
    assertThat(runProbe(true)).startsWith("parallelism=2 pooled=true");
    // the JDK's own sizing, for contrast: one thread (JDK 17 then runs each async stage on a new
    // thread; JDK 25 on the pool's one worker, so only the size is the JDK's own to check)
    String own = runProbe(false);
    assertThat(own).startsWith("parallelism=1 pooled=");
    if (Runtime.version().feature() == 17) {
      assertThat(own).isEqualTo("parallelism=1 pooled=false");
    }
  }

  private static String runProbe(boolean apply) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-XX:ActiveProcessorCount=2",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Probe.class.getName(),
                    Boolean.toString(apply)))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  /** Prints the common pool's size and whether two async stages ran on the same pooled thread. */
  static final class Probe {
    public static void main(String[] args) throws Exception {
      if (Boolean.parseBoolean(args[0])) {
        CommonPoolSizing.applyToThisJvm();
      }
      Thread first = CompletableFuture.supplyAsync(Thread::currentThread).get();
      Thread.sleep(50); // the first worker is idle again
      Thread second = CompletableFuture.supplyAsync(Thread::currentThread).get();
      System.out.println(
          "parallelism="
              + ForkJoinPool.getCommonPoolParallelism()
              + " pooled="
              + (first == second && first.getName().startsWith("ForkJoinPool.commonPool")));
    }
  }
}

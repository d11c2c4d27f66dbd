package dev.codeloop.launcher;

import java.util.Properties;

/**
 * Sizes the JVM's common fork-join pool before anything uses it, on machines with fewer than three
 * processors.
 *
 * <p>There the JDK sizes the common pool at one thread, and on JDK 17 {@code CompletableFuture}'s
 * default executor then becomes a <em>new thread per task</em> (JDK 25 runs such tasks on the
 * pool's one worker). The JDK's own {@code HttpClient.sendAsync} ends every exchange with a no-op
 * stage on that executor, so on a 2-core machine each model call started and ended an OS thread,
 * competing for the cores right when the reply arrives (0.3 ms of a completion's 1.8 ms median
 * through a zero-latency model, measured with {@code ServingPathBench loopback floor}). With two
 * threads in the common pool its idle workers take those stages instead. A value the user set
 * ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=N}) is kept.
 */
public final class CommonPoolSizing {
  /** The JDK's system property. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /** The common pool's size on small machines. */
  public static final int SMALL_MACHINE_PARALLELISM = 2;

  private CommonPoolSizing() {}

  /**
   * Sets {@link #PARALLELISM} in {@code properties} to {@link #SMALL_MACHINE_PARALLELISM} when
   * fewer than three {@code processors} and no value is set; has an effect only when called before
   * the common pool is first used.
   *
   * @return whether it set the property
   */
  public static boolean apply(Properties properties, int processors) {
    if (processors >= 3 || properties.getProperty(PARALLELISM) != null) {
      return false;
    }
    properties.setProperty(PARALLELISM, Integer.toString(SMALL_MACHINE_PARALLELISM));
    return true;
  }

  /** {@link #apply} to this JVM's system properties and processors. */
  public static void applyToThisJvm() {
    apply(System.getProperties(), Runtime.getRuntime().availableProcessors());
  }
}

package dev.codeloop.protocol;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * Run in a JVM of its own by {@link LauncherTest} with the launcher's flags: allocates one array of
 * {@code args[0]} bytes and prints by how many bytes the serial collector's young generation (eden)
 * and old generation grew meanwhile, as {@code young=N old=N}.
 */
public final class OldGenerationProbe {
  private OldGenerationProbe() {}

  public static void main(String[] args) {
    MemoryPoolMXBean eden = pool("Eden Space");
    MemoryPoolMXBean old = pool("Tenured Gen");
    int bytes = Integer.parseInt(args[0]);
    long young0 = eden.getUsage().getUsed();
    long old0 = old.getUsage().getUsed();
    byte[] array = new byte[bytes];
    long young1 = eden.getUsage().getUsed();
    long old1 = old.getUsage().getUsed();
    System.out.println("young=" + (young1 - young0) + " old=" + (old1 - old0) + " " + array.length);
  }

  private static MemoryPoolMXBean pool(String name) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no pool " + name + ": not the serial GC"));
  }
}

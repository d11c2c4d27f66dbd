package dev.codeloop.concurrent;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Gives the C heap's free memory back to the operating system: the JVM's own {@code
 * System.trim_native_heap} diagnostic command (glibc's {@code malloc_trim}; JDK 17.0.9+, 21.0.1+,
 * 22+), through the platform's diagnostic-command MBean. The C heap keeps what the JVM freed — most
 * of it the JIT compilers' arenas, tens of megabytes while they compile a session's hot code — as
 * resident memory until it is trimmed. Where the command is missing (an older JDK, another C
 * library, no management module) {@link #trim} answers empty and does nothing.
 */
public final class NativeHeap {
  private static final String COMMAND = "systemTrimNativeHeap";

  private NativeHeap() {}

  /**
   * Trims the C heap once; the JVM's report ({@code "Trim native heap: RSS+Swap: 300M->270M
   * (-30M)"}), or empty where the command is missing or fails.
   */
  public static Optional<String> trim() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Object report =
          server.invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              COMMAND,
              new Object[] {new String[0]},
              new String[] {String[].class.getName()});
      return Optional.of(String.valueOf(report).strip());
    } catch (JMException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }
}

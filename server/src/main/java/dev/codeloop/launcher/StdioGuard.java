package dev.codeloop.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Takes the process's real standard output for JSON-RPC and points {@code System.out} at standard
 * error, so a stray print anywhere (ours or a library's) can never corrupt the protocol stream.
 * Must run before anything else.
 */
public final class StdioGuard {
  private final OutputStream protocolOut;

  private StdioGuard(OutputStream protocolOut) {
    this.protocolOut = protocolOut;
  }

  public static StdioGuard install() {
    OutputStream real = new FileOutputStream(FileDescriptor.out);
    System.out.flush();
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    return new StdioGuard(real);
  }

  /** The stream that reaches the editor. */
  public OutputStream protocolOut() {
    return protocolOut;
  }
}

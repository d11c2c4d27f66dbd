package dev.codeloop.cli;

/** A failure a person reads as one sentence, with the exit code it ends in. */
final class CliFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}

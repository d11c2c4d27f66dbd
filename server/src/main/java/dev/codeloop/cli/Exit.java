package dev.codeloop.cli;

/** The exit codes a CI job can use (docs/CLI.md). */
final class Exit {
  private Exit() {}

  /** Done; for {@code test}, the tests pass; for {@code check}, no errors. */
  static final int OK = 0;

  /** The work failed: tests fail, checks report errors, a fix loop stopped before green. */
  static final int WORK_FAILED = 1;

  /** Bad arguments: the usage line is printed. */
  static final int USAGE = 2;

  /** A model or configuration problem: no usable model, a refused key, an untrusted workspace. */
  static final int MODEL_OR_CONFIG = 3;
}

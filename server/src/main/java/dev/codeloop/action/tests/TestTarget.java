package dev.codeloop.action.tests;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the tests of a source file go and how they are written.
 *
 * @param file the test file (may be the source file itself, e.g. Rust's inline test module)
 * @param framework e.g. {@code JUnit 5}, {@code pytest}
 * @param sameFile whether the tests are appended to the source file
 */
public record TestTarget(Path file, String framework, boolean sameFile) {
  public TestTarget {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(framework, "framework");
  }
}

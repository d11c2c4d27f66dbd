package dev.codeloop.action;

import java.util.Objects;

/**
 * A diagnostic from the code action request's context (published by whichever server), reduced to
 * what a prompt needs.
 *
 * @param severity {@code error}, {@code warning}, {@code information}, {@code hint} or empty
 * @param source who published it (e.g. {@code javac}), may be empty
 * @param code its code as text, may be empty
 */
public record Diagnostic(
    TextRange range, String message, String severity, String source, String code) {
  public Diagnostic {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(message, "message");
    severity = severity == null ? "" : severity;
    source = source == null ? "" : source;
    code = code == null ? "" : code;
  }
}

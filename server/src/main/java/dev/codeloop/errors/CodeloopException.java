package dev.codeloop.errors;

/**
 * A failure with a user-facing message and a JSON-RPC meaning. The LSP layer maps each kind to an
 * error code once ({@code lsp.ErrorMapper}); features throw these instead of knowing about
 * JSON-RPC.
 */
public class CodeloopException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    /** The document changed since the result was computed (-32801). */
    CONTENT_MODIFIED,
    /** Arguments or params are wrong (-32602). */
    INVALID_PARAMS,
    /** A well-formed request that failed, e.g. no model answered (-32803). */
    REQUEST_FAILED
  }

  private final Kind kind;

  public CodeloopException(Kind kind, String message) {
    this(kind, message, null);
  }

  public CodeloopException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static CodeloopException contentModified(String message) {
    return new CodeloopException(Kind.CONTENT_MODIFIED, message);
  }

  public static CodeloopException invalidParams(String message) {
    return new CodeloopException(Kind.INVALID_PARAMS, message);
  }

  public static CodeloopException requestFailed(String message) {
    return new CodeloopException(Kind.REQUEST_FAILED, message);
  }
}

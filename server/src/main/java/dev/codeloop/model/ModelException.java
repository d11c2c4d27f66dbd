package dev.codeloop.model;

/**
 * A model call failed. The {@link Kind} says whether the router may fall back and how the LSP layer
 * words the error. Messages never contain API keys or authorization headers.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    /** No model is configured or usable for the task. */
    NOT_CONFIGURED,
    TIMEOUT,
    CONNECTION,
    RATE_LIMITED,
    AUTHENTICATION,
    CONTEXT_OVERFLOW,
    SERVER_ERROR,
    MALFORMED_REPLY,
    EMPTY_REPLY,
    /** The model cannot serve this kind of request (e.g. the embedded model asked to chat). */
    UNSUPPORTED,
    INVALID_REQUEST,
    /** Too many model requests of one session in flight and queued; the request was not sent. */
    OVERLOADED
  }

  private final Kind kind;
  private final String model;

  public ModelException(Kind kind, String model, String message) {
    this(kind, model, message, null);
  }

  public ModelException(Kind kind, String model, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.model = model;
  }

  public Kind kind() {
    return kind;
  }

  /** The configured model name the failure belongs to, or {@code null} for routing failures. */
  public String model() {
    return model;
  }

  /** Whether the next model of the route should be tried. */
  public boolean isRetryableElsewhere() {
    return kind != Kind.INVALID_REQUEST && kind != Kind.NOT_CONFIGURED && kind != Kind.OVERLOADED;
  }
}

package dev.codeloop.model.http;

import dev.codeloop.model.ModelException;
import dev.codeloop.model.config.ModelSpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory only up to a limit (a model's {@code maxReplyBytes}): a reply
 * that declares a larger {@code Content-Length} is refused before a byte is read; one that streams
 * past the limit is cut off there (the exchange cancelled). Either way the read fails with {@link
 * TooLargeException}, naming the bytes counted and the limit — a runaway or hostile endpoint costs
 * neither memory nor a long parse.
 */
public final class BoundedBody {
  private BoundedBody() {}

  /** The reply was larger than the limit. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long bytes;
    private final boolean declared;
    private final long limit;

    TooLargeException(long bytes, boolean declared, long limit) {
      super(
          (declared
                  ? "reply of " + n(bytes) + " bytes (Content-Length)"
                  : "reply cut off after " + n(bytes) + " bytes")
              + " exceeds the limit of "
              + n(limit)
              + " bytes");
      this.bytes = bytes;
      this.declared = declared;
      this.limit = limit;
    }

    /** Bytes declared by {@code Content-Length}, or counted before the read was stopped. */
    public long bytes() {
      return bytes;
    }

    /** Whether {@link #bytes()} is the declared length (else: at least that many were sent). */
    public boolean declared() {
      return declared;
    }

    public long limit() {
      return limit;
    }
  }

  /** Reads the whole body as bytes, failing with {@link TooLargeException} past {@code limit}. */
  public static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> {
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new Subscriber(limit, declared > limit ? declared : -1);
    };
  }

  /** The error the user sees, naming the model, the size, the limit and the setting to raise. */
  public static ModelException failure(ModelSpec spec, TooLargeException e) {
    return new ModelException(
        ModelException.Kind.MALFORMED_REPLY,
        spec.name(),
        HttpFailures.describe(spec)
            + ": reply too large: "
            + (e.declared()
                ? n(e.bytes()) + " bytes"
                : "more than " + n(e.limit()) + " bytes (" + n(e.bytes()) + " read, then stopped)")
            + "; the limit is "
            + n(e.limit())
            + " bytes (models."
            + spec.name()
            + ".maxReplyBytes)",
        e);
  }

  /** The {@link TooLargeException} in a failure's cause chain, or null. */
  public static TooLargeException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof TooLargeException e) {
        return e;
      }
    }
    return null;
  }

  /** A streamed answer's growing size, checked against the limit (UTF-8 bytes of its text). */
  public static final class Counter {
    private final long limit;
    private long bytes;

    public Counter(long limit) {
      this.limit = limit;
    }

    /** Adds a chunk; throws once the total exceeds the limit. */
    public synchronized void add(CharSequence chunk) throws TooLargeException {
      bytes += utf8Length(chunk);
      if (bytes > limit) {
        throw new TooLargeException(bytes, false, limit);
      }
    }
  }

  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final long declaredTooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long count;

    Subscriber(long limit, long declaredTooLarge) {
      this.limit = limit;
      this.declaredTooLarge = declaredTooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (declaredTooLarge >= 0) {
        s.cancel();
        result.completeExceptionally(new TooLargeException(declaredTooLarge, true, limit));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        count += b.remaining();
        if (count > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLargeException(count, false, limit));
          return;
        }
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        buffer.write(bytes, 0, bytes.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}

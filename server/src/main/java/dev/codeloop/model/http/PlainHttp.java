package dev.codeloop.model.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * HTTP clients for plain {@code http://} endpoints (local models: Ollama, llama.cpp, vLLM on
 * 127.0.0.1) without the cost of TLS they never use. The JDK's client takes a TLS context when it
 * is built: the default one loads the whole {@code cacerts} trust store (about 150 ms of a cold
 * start), and any real one loads the TLS implementation and its security providers (about 600
 * classes and 90 ms more, measured 2026-12-06 on JDK 17). The context given instead is none at all:
 * it holds no TLS implementation, so should such a client ever be sent to an {@code https://}
 * address (a redirect), the exchange fails with an {@code IOException} ("TLS is off …") rather than
 * trusting anything.
 */
public final class PlainHttp {
  private PlainHttp() {}

  /** What an {@code https://} exchange of a plain client fails with. */
  static final String NO_TLS =
      "TLS is off for this client of a plain http:// endpoint; an https:// address is refused";

  /**
   * {@code builder}, given a TLS context that loads nothing when {@code baseUrl} is {@code
   * http://}; unchanged otherwise.
   */
  public static HttpClient.Builder forBaseUrl(HttpClient.Builder builder, String baseUrl) {
    return plainAddress(baseUrl).isPresent() ? builder.sslContext(new NoTlsContext()) : builder;
  }

  /** {@code baseUrl} as an address when it is a plain {@code http://} one, else empty. */
  public static Optional<URI> plainAddress(String baseUrl) {
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? Optional.of(uri) : Optional.empty();
  }

  /** A TLS context with no TLS in it: every use fails; its parameters are empty. */
  static final class NoTlsContext extends SSLContext {
    NoTlsContext() {
      super(new NoTls(), null, "none");
    }
  }

  private static final class NoTls extends SSLContextSpi {
    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {}

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw new IllegalStateException(NO_TLS);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw new IllegalStateException(NO_TLS);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw new IllegalStateException(NO_TLS);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw new IllegalStateException(NO_TLS);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw new IllegalStateException(NO_TLS);
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw new IllegalStateException(NO_TLS);
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return new SSLParameters();
    }
  }
}

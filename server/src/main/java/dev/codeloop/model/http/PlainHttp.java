package dev.codeloop.model.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * HTTP clients for plain {@code http://} endpoints (local models: Ollama, llama.cpp, vLLM on
 * 127.0.0.1) without the cost of TLS they never use: the JDK's client otherwise loads the default
 * {@code SSLContext} when it is built — the whole {@code cacerts} trust store, about 150 ms of a
 * cold start. The context given instead trusts no certificate, so should such a client ever be sent
 * to an {@code https://} address (a redirect), the handshake fails rather than trusting anything.
 */
public final class PlainHttp {
  private PlainHttp() {}

  /**
   * {@code builder}, given a TLS context that loads nothing when {@code baseUrl} is {@code
   * http://}; unchanged otherwise.
   */
  public static HttpClient.Builder forBaseUrl(HttpClient.Builder builder, String baseUrl) {
    String scheme;
    try {
      scheme = URI.create(baseUrl).getScheme();
    } catch (IllegalArgumentException e) {
      return builder;
    }
    if (!"http".equalsIgnoreCase(scheme)) {
      return builder;
    }
    try {
      SSLContext none = SSLContext.getInstance("TLS");
      none.init(null, new TrustManager[0], null);
      return builder.sslContext(none);
    } catch (GeneralSecurityException e) {
      return builder;
    }
  }
}

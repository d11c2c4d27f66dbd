package dev.codeloop.model.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.CallControl;
import dev.codeloop.model.CredentialRedactor;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.ModelOutput;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import dev.codeloop.model.fim.FimTemplate;
import dev.codeloop.model.fim.SnippetRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Fill-in-the-middle over a raw completion endpoint, as JSON over {@link HttpClient}: OpenAI-style
 * {@code POST {baseUrl}/completions} and Ollama {@code POST {baseUrl}/api/generate}. The prompt is
 * either the family's FIM template or the prefix with a separate {@code suffix} field.
 */
public final class RawFimClient {
  /** The wire format. */
  public enum Endpoint {
    OPENAI_COMPLETIONS,
    OLLAMA_GENERATE
  }

  /** The most stop sequences an OpenAI-compatible endpoint takes. */
  static final int OPENAI_MAX_STOPS = 4;

  private final ModelSpec spec;
  private final @Nullable String apiKey;
  private final Endpoint endpoint;
  private final Optional<FimTemplate> template;
  private final ObjectMapper json = new ObjectMapper();
  private final CredentialRedactor redactor;
  private final Executor blockingIo;
  private volatile @Nullable HttpClient http;
  private volatile @Nullable URI uri;

  /**
   * @param blockingIo where the HTTP client starts exchanges with an endpoint whose host name must
   *     be looked up (the lookup blocks); exchanges with a loopback or IP-literal endpoint start on
   *     the calling thread and are read on the client's selector thread, with no hand-off
   */
  public RawFimClient(ModelSpec spec, @Nullable String apiKey, Executor blockingIo) {
    this.spec = spec;
    this.blockingIo = blockingIo;
    this.apiKey = apiKey;
    this.endpoint =
        spec.provider() == ProviderKind.OLLAMA
            ? Endpoint.OLLAMA_GENERATE
            : Endpoint.OPENAI_COMPLETIONS;
    this.template = templateFor(spec);
    this.redactor = new CredentialRedactor(apiKey == null ? List.of() : List.of(apiKey));
  }

  /** The family template in use: explicit, or guessed from the model id for {@code auto}. */
  public static Optional<FimTemplate> templateFor(ModelSpec spec) {
    String t = spec.fimTemplate();
    if (t.equals("suffix") || t.equals("none")) {
      return Optional.empty();
    }
    if (t.equals("auto")) {
      return FimTemplate.forModelId(spec.modelId());
    }
    return FimTemplate.fromFamily(t);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public URI uri() {
    URI u = uri;
    if (u == null) {
      // the spec never changes: parsed once (a URI is immutable, so a race only parses twice)
      String base = spec.effectiveBaseUrl().orElseThrow();
      u =
          URI.create(
              base + (endpoint == Endpoint.OLLAMA_GENERATE ? "/api/generate" : "/completions"));
      uri = u;
    }
    return u;
  }

  /**
   * The JSON body for a FIM request, written straight from the request with no tree in between
   * (RawFimClientTest pins the same bytes as the Jackson tree of the body it replaced), into an
   * array sized for the prompt: the request thread's share of a completion's CPU and allocation.
   */
  Payload payload(FimRequest fim, int maxTokens, int candidates) {
    // the prompt in pieces (tokens, snippets, code), written one after the other: joining them
    // copied the prompt twice per completion
    List<String> prefix = SnippetRenderer.prefixPieces(fim);
    List<String> prompt =
        template.isPresent() ? template.get().renderPieces(prefix, fim.suffix()) : prefix;
    int promptChars = 0;
    for (String piece : prompt) {
      promptChars += piece.length();
    }
    List<String> stops = new ArrayList<>();
    if (!fim.multiline()) {
      stops.add("\n");
    }
    template.ifPresent(t -> stops.addAll(t.stops()));
    Set<String> unique = new LinkedHashSet<>(stops);
    int chars = promptChars + (template.isPresent() ? 0 : fim.suffix().length());
    Payload out = new Payload(chars + chars / 8 + 256);
    try (JsonGenerator g = json.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", spec.modelId());
      g.writeFieldName("prompt");
      g.writeString(new PiecesReader(prompt), promptChars);
      if (template.isEmpty()) {
        g.writeStringField("suffix", fim.suffix());
      }
      if (endpoint == Endpoint.OLLAMA_GENERATE) {
        if (template.isPresent()) {
          g.writeBooleanField("raw", true);
        }
        g.writeBooleanField("stream", false);
        g.writeObjectFieldStart("options");
        g.writeNumberField("num_predict", maxTokens);
        if (spec.temperature().isPresent()) {
          g.writeNumberField("temperature", spec.temperature().get().doubleValue());
        }
        writeStops(g, unique, Integer.MAX_VALUE);
        g.writeEndObject();
      } else {
        g.writeNumberField("max_tokens", maxTokens);
        if (spec.temperature().isPresent()) {
          g.writeNumberField("temperature", spec.temperature().get().doubleValue());
        }
        if (candidates > 1) {
          g.writeNumberField("n", candidates);
        }
        g.writeBooleanField("stream", false);
        writeStops(g, unique, OPENAI_MAX_STOPS);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /**
   * A {@code "stop"} array of the first {@code max} of {@code stops}; nothing when there are none.
   */
  private static void writeStops(JsonGenerator g, Set<String> stops, int max) throws IOException {
    if (stops.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("stop");
    int written = 0;
    for (String stop : stops) {
      if (written++ == max) {
        break;
      }
      g.writeString(stop);
    }
    g.writeEndArray();
  }

  /** Reads strings one after the other. */
  private static final class PiecesReader extends java.io.Reader {
    private final List<String> pieces;
    private int piece;
    private int at;

    PiecesReader(List<String> pieces) {
      this.pieces = pieces;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      int n = 0;
      while (n < len && piece < pieces.size()) {
        String p = pieces.get(piece);
        int take = Math.min(len - n, p.length() - at);
        p.getChars(at, at + take, buf, off + n);
        n += take;
        at += take;
        if (at == p.length()) {
          piece++;
          at = 0;
        }
      }
      return n == 0 && len > 0 ? -1 : n;
    }

    @Override
    public void close() {}
  }

  /** A request body: the array it was written into and how much of it is written. */
  static final class Payload extends ByteArrayOutputStream {
    Payload(int capacity) {
      super(capacity);
    }

    /** A publisher of the written bytes, without copying them. */
    HttpRequest.BodyPublisher publisher() {
      return HttpRequest.BodyPublishers.ofByteArray(buf, 0, count);
    }
  }

  /**
   * Sends the request with {@link HttpClient#sendAsync}: nothing waits for the answer; cancelling
   * {@code control} cancels the exchange.
   *
   * <p>The returned future completes on the thread that read the last byte of the reply (the
   * client's selector thread for a loopback or IP-literal endpoint, see {@link #executorFor}): the
   * reply is taken from the body subscriber itself, not from the future {@code sendAsync} returns,
   * which the JDK completes through {@code CompletableFuture}'s default executor — on a machine of
   * two cores or fewer a new thread per reply. That future is only used for the failures that come
   * before a body (connection refused, timeout).
   */
  public CompletableFuture<ModelOutput> completeAsync(
      FimRequest fim, int maxTokens, int candidates, CallControl control) {
    Payload payload = payload(fim, maxTokens, candidates);
    // No HttpRequest.timeout: the caller bounds the call and cancels it through control (the
    // router's attempt timer, at most spec.timeout(); the doctor's check), and the JDK wakes its
    // selector thread to register every request's timer — a thread switch per completion.
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(payload.publisher());
    if (apiKey != null && !apiKey.isBlank()) {
      req.header("Authorization", "Bearer " + apiKey);
    }
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    HttpResponse.BodyHandler<byte[]> bounded = BoundedBody.handler(spec.maxReplyBytes());
    HttpResponse.BodyHandler<byte[]> handler =
        info -> {
          HttpResponse.BodySubscriber<byte[]> body = bounded.apply(info);
          body.getBody()
              .whenComplete(
                  (bytes, failure) -> {
                    if (failure != null) {
                      reply.completeExceptionally(failure);
                    } else {
                      reply.complete(new Reply(info.statusCode(), info.headers(), bytes));
                    }
                  });
          return body;
        };
    CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(req.build(), handler);
    exchange.whenComplete(
        (r, failure) -> {
          if (failure != null) {
            reply.completeExceptionally(failure);
          }
        });
    control.onCancel(
        () -> {
          exchange.cancel(true);
          reply.completeExceptionally(new CancellationException("cancelled"));
        });
    return reply.handle(
        (response, failure) -> {
          if (failure != null) {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof CancellationException c) {
              throw c;
            }
            BoundedBody.TooLargeException tooLarge = BoundedBody.find(cause);
            if (tooLarge != null) {
              throw BoundedBody.failure(spec, tooLarge);
            }
            throw HttpFailures.forIo(spec, cause);
          }
          String body =
              response.body() == null
                  ? ""
                  : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
          if (response.status() / 100 != 2) {
            throw HttpFailures.forStatus(
                spec,
                response.status(),
                body,
                response.headers().firstValue("Retry-After"),
                redactor.redact(body));
          }
          return parse(body, fim);
        });
  }

  /** A reply as the body subscriber saw it. */
  private record Reply(int status, java.net.http.HttpHeaders headers, byte @Nullable [] body) {}

  /**
   * Builds the HTTP client, runs the request and reply code on a sample, and opens a connection to
   * the endpoint ({@link Connections#open}: a {@code HEAD}, nothing for the model): the first
   * completion then finds its classes loaded, its client ready and its connection open. Returns at
   * once; the future completes when the connection's exchange ended or failed.
   */
  public CompletableFuture<Void> warmUp() {
    warmUpCode();
    return Connections.open(client(), uri(), spec.timeout());
  }

  private void warmUpCode() {
    FimRequest sample =
        new FimRequest("warm.py", "python", "def f(x):\n    return ", "\n", List.of(), false);
    client();
    HttpRequest.newBuilder(uri())
        .header("Content-Type", "application/json")
        .POST(payload(sample, 16, 1).publisher())
        .build();
    BoundedBody.handler(spec.maxReplyBytes());
    String reply =
        endpoint == Endpoint.OLLAMA_GENERATE
            ? "{\"response\":\"x + 1\",\"prompt_eval_count\":1,\"eval_count\":1}"
            : "{\"choices\":[{\"index\":0,\"text\":\"x + 1\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
    parse(
        new String(
            reply.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.nio.charset.StandardCharsets.UTF_8),
        sample);
  }

  ModelOutput parse(String body, FimRequest fim) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw malformed("not JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed("not a JSON object");
    }
    List<String> texts = new ArrayList<>();
    int in;
    int out;
    if (endpoint == Endpoint.OLLAMA_GENERATE) {
      JsonNode r = root.get("response");
      if (r == null || !r.isTextual()) {
        throw malformed("no 'response' field");
      }
      texts.add(finish(r.asText(), fim));
      in = root.path("prompt_eval_count").asInt(0);
      out = root.path("eval_count").asInt(0);
    } else {
      JsonNode choices = root.get("choices");
      if (choices == null || !choices.isArray() || choices.isEmpty()) {
        throw malformed("no 'choices'");
      }
      for (JsonNode c : choices) {
        JsonNode t = c.get("text");
        if (t == null || !t.isTextual()) {
          throw malformed("a choice without 'text'");
        }
        texts.add(finish(t.asText(), fim));
      }
      in = root.path("usage").path("prompt_tokens").asInt(0);
      out = root.path("usage").path("completion_tokens").asInt(0);
    }
    return new ModelOutput(texts, new ModelReply.TokenUsage(in, out));
  }

  private String finish(String text, FimRequest fim) {
    String t = template.map(f -> f.clean(text)).orElse(text);
    if (!fim.multiline()) {
      int nl = t.indexOf('\n');
      if (nl >= 0) {
        t = t.substring(0, nl);
      }
    }
    return t;
  }

  private ModelException malformed(String why) {
    return new ModelException(
        ModelException.Kind.MALFORMED_REPLY,
        spec.name(),
        HttpFailures.describe(spec) + ": malformed completion reply (" + why + ")");
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        c = http;
        if (c == null) {
          c =
              PlainHttp.forBaseUrl(HttpClient.newBuilder(), spec.effectiveBaseUrl().orElse(""))
                  .version(HttpClient.Version.HTTP_1_1)
                  .executor(executorFor(uri().getHost(), blockingIo))
                  .connectTimeout(min(spec.timeout(), Duration.ofSeconds(10)))
                  .build();
          http = c;
        }
      }
    }
    return c;
  }

  /**
   * The HTTP client's executor: none (the calling thread, then the selector thread) for a host that
   * needs no name lookup — {@code localhost} or an IP literal, where every step of an exchange is
   * non-blocking — else {@code blockingIo}, since the JDK resolves a host name, blocking, on the
   * thread that starts the exchange. Never the JDK's default, which is a cached pool of its own per
   * client.
   */
  static Executor executorFor(@Nullable String host, Executor blockingIo) {
    if (host == null) {
      return blockingIo;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    boolean literal =
        h.equals("localhost")
            || h.startsWith("[")
            || h.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    return literal ? Runnable::run : blockingIo;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}

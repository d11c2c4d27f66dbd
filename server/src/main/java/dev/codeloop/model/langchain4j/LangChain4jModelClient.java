package dev.codeloop.model.langchain4j;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.CallControl;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.CredentialRedactor;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelCall;
import dev.codeloop.model.ModelClient;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.ModelOutput;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.fim.ChatFimPrompt;
import dev.codeloop.model.http.BoundedBody;
import dev.codeloop.model.http.HttpFailures;
import dev.codeloop.model.http.RawFimClient;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A configured chat model served through LangChain4j (OpenAI, OpenAI-compatible, Anthropic, Ollama,
 * Gemini), plus the raw FIM endpoint where the provider has one. The LangChain4j models are built
 * on the first call. Streaming chats and raw FIM never hold a thread while the model works; only
 * LangChain4j's blocking {@code ChatModel.chat} runs on the model-I/O executor.
 */
final class LangChain4jModelClient implements ModelClient {
  private final ModelSpec spec;
  private final @Nullable String apiKey;
  private final CredentialRedactor redactor;
  private final Supplier<ChatModel> chat;
  private final Supplier<StreamingChatModel> streaming;
  private final Supplier<RawFimClient> rawFim;
  private final ProviderHttpClient watcher;
  private final Executor modelIo;

  LangChain4jModelClient(ModelSpec spec, Map<String, String> env, Executor modelIo) {
    this.spec = spec;
    this.modelIo = modelIo;
    this.watcher = new ProviderHttpClient(spec.maxReplyBytes(), spec.effectiveBaseUrl().orElse(""));
    this.apiKey = spec.resolveApiKey(env).orElse(null);
    this.redactor = new CredentialRedactor(apiKey == null ? List.of() : List.of(apiKey));
    this.chat = Lazy.of(() -> ChatModels.chat(spec, apiKey, watcher));
    this.streaming = Lazy.of(() -> ChatModels.streaming(spec, apiKey, watcher));
    this.rawFim = Lazy.of(() -> new RawFimClient(spec, apiKey, modelIo));
  }

  @Override
  public CompletableFuture<ModelOutput> callAsync(
      ModelCall call, CallControl control, @Nullable Consumer<String> onPartial) {
    if (spec.provider().requiresApiKey() && apiKey == null) {
      return CompletableFuture.failedFuture(
          new ModelException(
              ModelException.Kind.AUTHENTICATION,
              spec.name(),
              HttpFailures.describe(spec)
                  + ": no API key; set the environment variable "
                  + spec.apiKeyEnv().orElse("named by models." + spec.name() + ".apiKeyEnv")));
    }
    if (call.fim().isPresent()) {
      FimRequest fim = call.fim().get();
      if (spec.capabilities().fim() && spec.provider().hasRawCompletionEndpoint()) {
        return rawFim.get().completeAsync(fim, call.maxOutputTokens(), call.candidates(), control);
      }
      return chat(ChatFimPrompt.messages(fim), call.maxOutputTokens(), control, null)
          .thenApply(
              out ->
                  new ModelOutput(
                      List.of(ChatFimPrompt.extract(fim, out.texts().get(0))), out.usage()));
    }
    boolean stream = onPartial != null && spec.capabilities().streaming();
    return chat(call.messages(), call.maxOutputTokens(), control, stream ? onPartial : null);
  }

  /**
   * Builds what a completion call will use — the raw FIM client, else the LangChain4j chat model —
   * runs its local code on a sample and opens its connection (a {@code HEAD} of the endpoint or the
   * base URL, nothing for the model; {@link dev.codeloop.model.http.Connections}).
   */
  @Override
  public CompletableFuture<Void> warmUp() {
    if (spec.capabilities().fim() && spec.provider().hasRawCompletionEndpoint()) {
      return rawFim.get().warmUp();
    } else if (!spec.provider().requiresApiKey() || apiKey != null) {
      chat.get();
      toMessages(List.of(ChatTurn.system("s"), ChatTurn.user("u")));
      return watcher.openConnections(spec.timeout());
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * A streaming chat returns the handler's future (nothing waits); a blocking one runs on the
   * model-I/O executor, the only place LangChain4j's {@code ChatModel.chat} may block.
   */
  private CompletableFuture<ModelOutput> chat(
      List<ChatTurn> turns,
      int maxTokens,
      CallControl control,
      @Nullable Consumer<String> onPartial) {
    ChatRequest request =
        ChatRequest.builder().messages(toMessages(turns)).maxOutputTokens(maxTokens).build();
    CompletableFuture<ModelOutput> out;
    if (onPartial != null) {
      try {
        out = stream(request, control, onPartial);
      } catch (RuntimeException e) {
        out = CompletableFuture.failedFuture(e);
      }
    } else {
      out =
          CompletableFuture.supplyAsync(
              () -> {
                if (control.isCancelled()) {
                  throw new CancellationException("cancelled");
                }
                return output(chat.get().chat(request), null);
              },
              modelIo);
    }
    return out.handle(
        (o, failure) -> {
          if (failure == null) {
            return o;
          }
          Throwable cause = Futures.unwrap(failure);
          if (cause instanceof CancellationException c) {
            throw c;
          }
          if (cause instanceof ModelException m) {
            throw m;
          }
          if (control.isCancelled()) {
            throw new CancellationException("cancelled");
          }
          throw LangChain4jErrors.map(cause, spec, redactor);
        });
  }

  private CompletableFuture<ModelOutput> stream(
      ChatRequest request, CallControl control, Consumer<String> onPartial) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    AtomicReference<StreamingHandle> handle = new AtomicReference<>();
    StringBuilder text = new StringBuilder();
    BoundedBody.Counter size = new BoundedBody.Counter(spec.maxReplyBytes());
    control.onCancel(
        () -> {
          StreamingHandle h = handle.get();
          if (h != null) {
            h.cancel();
          }
          done.cancel(false);
        });
    StreamingChatModel model = streaming.get();
    watcher.arm(
        () -> {
          if (!done.isDone()) {
            done.completeExceptionally(
                malformed("the stream ended before the answer was complete"));
          }
        });
    try {
      model.chat(
          request,
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
              handle.set(context.streamingHandle());
              if (control.isCancelled()) {
                context.streamingHandle().cancel();
                return;
              }
              String chunk = partial.text();
              if (chunk != null && !chunk.isEmpty()) {
                try {
                  size.add(chunk);
                } catch (BoundedBody.TooLargeException e) {
                  context.streamingHandle().cancel();
                  done.completeExceptionally(BoundedBody.failure(spec, e));
                  return;
                }
                synchronized (text) {
                  text.append(chunk);
                }
                onPartial.accept(chunk);
              }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
    } finally {
      watcher.disarm();
    }
    return done.thenApply(
        response -> {
          String streamed;
          synchronized (text) {
            streamed = text.toString();
          }
          return output(response, streamed);
        });
  }

  private ModelOutput output(ChatResponse response, @Nullable String streamed) {
    if (response == null) {
      throw malformed("no response");
    }
    AiMessage message = response.aiMessage();
    String text = message == null ? null : message.text();
    if (text == null || text.isEmpty()) {
      text = streamed;
    }
    if (text == null || text.isBlank()) {
      throw new ModelException(
          ModelException.Kind.EMPTY_REPLY,
          spec.name(),
          HttpFailures.describe(spec) + ": empty answer");
    }
    if (streamed != null && response.finishReason() == null && response.tokenUsage() == null) {
      throw malformed("the stream ended before the answer was complete");
    }
    TokenUsage usage = response.tokenUsage();
    ModelReply.TokenUsage u =
        usage == null
            ? ModelReply.TokenUsage.UNKNOWN
            : new ModelReply.TokenUsage(
                usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
    return new ModelOutput(List.of(text), u);
  }

  private ModelException malformed(String why) {
    return new ModelException(
        ModelException.Kind.MALFORMED_REPLY,
        spec.name(),
        HttpFailures.describe(spec) + ": malformed reply (" + why + ")");
  }

  static List<ChatMessage> toMessages(List<ChatTurn> turns) {
    List<ChatMessage> out = new ArrayList<>(turns.size());
    for (ChatTurn t : turns) {
      switch (t.role()) {
        case SYSTEM:
          out.add(SystemMessage.from(t.text()));
          break;
        case ASSISTANT:
          out.add(AiMessage.from(t.text()));
          break;
        case USER:
        default:
          out.add(UserMessage.from(t.text()));
          break;
      }
    }
    return out;
  }

  /** Thread-safe memoizing supplier. */
  static final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile @Nullable T value;

    private Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    static <T> Lazy<T> of(Supplier<T> factory) {
      return new Lazy<>(factory);
    }

    @Override
    public T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = factory.get();
            value = v;
          }
        }
      }
      return v;
    }

    boolean isCreated() {
      return value != null;
    }
  }
}

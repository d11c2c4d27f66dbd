package dev.codeloop.lsp.jsonrpc;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC connection, assembled from LSP4J parts but with our own reader so that every
 * malformed input gets the answer JSON-RPC 2.0 and LSP 3.17 prescribe, and the stream never wedges:
 *
 * <ul>
 *   <li>unparsable JSON: -32700 with {@code "id": null};
 *   <li>a non-object message, a non-string {@code method}, or an object that is neither request,
 *       notification nor response: -32600;
 *   <li>unknown methods, including unknown {@code $/} requests: -32601 (unknown notifications are
 *       ignored, as the spec asks);
 *   <li>params of the wrong shape or missing: -32602;
 *   <li>requests before {@code initialize}: -32002; a second {@code initialize} and any request
 *       after {@code shutdown}: -32600.
 * </ul>
 *
 * Every message is parsed once ({@link JsonTree}: strict RFC 8259, lone surrogate escapes accepted)
 * and the tree handed to LSP4J. A notification that cannot be applied — unparsable, invalid params,
 * or its handler failed — is never dropped silently: it goes to the {@link NotificationFailures}
 * listener (which marks a document out of sync and tells the user).
 *
 * <p>The read loop runs on the caller's thread, which is the LSP dispatch thread: handlers must
 * return quickly (they hand work to executors).
 */
public final class JsonRpcConnection {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcConnection.class);
  private static final Set<String> ALWAYS_KNOWN_NOTIFICATIONS =
      Set.of("$/cancelRequest", "$/setTrace", "$/logTrace", "$/progress");
  private static final Pattern METHOD_IN_RAW =
      Pattern.compile("\"method\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");
  private static final Pattern URI_IN_RAW =
      Pattern.compile("\"uri\"\\s*:\\s*\"([^\"\\\\]{1,4000})\"");
  private static final Pattern ID_IN_RAW = Pattern.compile("\"id\"\\s*:");

  /** Told about every notification that could not be applied. */
  @FunctionalInterface
  public interface NotificationFailures {
    /**
     * @param method the notification's method
     * @param params its params as far as they could be read (for an unparsable message, a best
     *     effort {@code {"textDocument":{"uri":…}}} recovered from the raw text), or null
     * @param reason a sentence for the user
     */
    void notApplied(String method, JsonElement params, String reason);
  }

  private final InputStream in;
  private final long maxMessageBytes;
  private final Lifecycle lifecycle;
  private final IntConsumer onExit;
  private final Map<String, JsonRpcMethod> localMethods;
  private final MessageJsonHandler jsonHandler;
  private final MessageWriter out;
  private final GatedEndpoint endpoint;
  private final MessageValidator validator;
  private final Map<Class<?>, java.util.List<String>> listFields =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final NotificationFailures notificationFailures;

  /** The request answered before this connection ran, until it has been dispatched. */
  private EarlyStart.Answered early;

  /**
   * @param localService the language server object (annotated LSP4J service interfaces)
   * @param remoteInterface the client interface to proxy
   * @param exceptionMapper turns handler failures into JSON-RPC errors
   * @param onExit called with the exit code when {@code exit} arrives (0 after shutdown, else 1)
   */
  public JsonRpcConnection(
      Object localService,
      Class<?> remoteInterface,
      InputStream in,
      OutputStream output,
      Lifecycle lifecycle,
      Function<Throwable, ResponseError> exceptionMapper,
      IntConsumer onExit,
      long maxMessageBytes) {
    this(
        localService,
        remoteInterface,
        in,
        output,
        lifecycle,
        exceptionMapper,
        onExit,
        maxMessageBytes,
        (method, params, reason) -> LOG.warn("Notification {} not applied: {}", method, reason),
        new MessageValidator(),
        gson -> {});
  }

  /**
   * @param notificationFailures told about each notification that could not be applied
   * @param validator checks each incoming message (one per process, shared by its connections)
   * @param configureGson adds to LSP4J's JSON mapping (its adapters take precedence over LSP4J's)
   */
  public JsonRpcConnection(
      Object localService,
      Class<?> remoteInterface,
      InputStream in,
      OutputStream output,
      Lifecycle lifecycle,
      Function<Throwable, ResponseError> exceptionMapper,
      IntConsumer onExit,
      long maxMessageBytes,
      NotificationFailures notificationFailures,
      MessageValidator validator,
      Consumer<GsonBuilder> configureGson) {
    this.notificationFailures = notificationFailures;
    this.validator = validator;
    this.in = in;
    this.lifecycle = lifecycle;
    this.onExit = onExit;
    this.maxMessageBytes = maxMessageBytes;
    this.localMethods = ServiceEndpoints.getSupportedMethods(localService.getClass());
    Map<String, JsonRpcMethod> all =
        new LinkedHashMap<>(ServiceEndpoints.getSupportedMethods(remoteInterface));
    all.putAll(localMethods);
    this.jsonHandler = new MessageJsonHandler(all, configureGson);
    this.out = new MessageWriter(output, jsonHandler);
    this.endpoint = new GatedEndpoint(out, localService, exceptionMapper);
    this.endpoint.setJsonHandler(jsonHandler);
    jsonHandler.setMethodProvider(endpoint);
  }

  /** A proxy that sends requests and notifications to the remote side. */
  public <T> T remoteProxy(Class<T> remoteInterface) {
    return ServiceEndpoints.toServiceObject(endpoint, remoteInterface);
  }

  /** Reads and dispatches messages until the stream ends or {@code exit} arrives. */
  public void run() {
    run(EarlyStart.none());
  }

  /**
   * As {@link #run()}, after an early start: the bytes it read come first, and the response to the
   * request it answered is not written again (it is compared with what was written, and a
   * difference logged).
   */
  public void run(EarlyStart start) {
    early = start.answered();
    out.answeredEarly(start.answered());
    InputStream source =
        start.consumed().length == 0
            ? in
            : new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(start.consumed()), in);
    FrameReader reader = new FrameReader(source, maxMessageBytes);
    try {
      while (lifecycle.state() != Lifecycle.State.EXITED) {
        Optional<FrameReader.Frame> frame = reader.next();
        if (frame.isEmpty()) {
          LOG.info("Input stream closed");
          return;
        }
        FrameReader.Frame f = frame.get();
        if (f instanceof FrameReader.Frame.Message m) {
          dispatch(m.content());
          early = null;
        } else if (f instanceof FrameReader.Frame.Bad b) {
          LOG.warn("Skipped a malformed frame: {}", b.reason());
        } else if (f instanceof FrameReader.Frame.TooLarge t) {
          sendError(
              null,
              ResponseErrorCode.InvalidRequest,
              "Message of "
                  + t.length()
                  + " bytes exceeds the limit of "
                  + maxMessageBytes
                  + " bytes; it was skipped");
        }
      }
    } catch (IOException e) {
      LOG.info("Connection closed: {}", e.getMessage());
    }
  }

  private void dispatch(String content) {
    JsonElement json;
    try {
      json = JsonTree.parse(content);
    } catch (JsonParseException | StackOverflowError e) {
      sendError(null, ResponseErrorCode.ParseError, "Parse error: " + rootMessage(e));
      unparsableNotification(content, rootMessage(e));
      return;
    }
    if (!json.isJsonObject()) {
      sendError(
          null,
          ResponseErrorCode.InvalidRequest,
          json.isJsonArray()
              ? "Invalid request: batch messages are not supported by LSP"
              : "Invalid request: a message must be a JSON object");
      return;
    }
    JsonObject obj = json.getAsJsonObject();
    Either<String, Number> id = idOf(obj.get("id"));
    boolean hasId = obj.has("id") && !obj.get("id").isJsonNull();
    if (obj.has("id") && id == null && !obj.get("id").isJsonNull()) {
      sendError(
          null, ResponseErrorCode.InvalidRequest, "Invalid request: id must be a string or number");
      return;
    }
    JsonElement methodEl = obj.get("method");
    if (methodEl == null) {
      if (hasId && (obj.has("result") || obj.has("error"))) {
        parseAndConsume(obj, null, id);
        return;
      }
      sendError(id, ResponseErrorCode.InvalidRequest, "Invalid request: missing 'method'");
      return;
    }
    if (!(methodEl.isJsonPrimitive() && methodEl.getAsJsonPrimitive().isString())) {
      sendError(id, ResponseErrorCode.InvalidRequest, "Invalid request: 'method' must be a string");
      return;
    }
    String method = methodEl.getAsString();
    JsonRpcMethod known = localMethods.get(method);
    if (!hasId) {
      if (known == null && !ALWAYS_KNOWN_NOTIFICATIONS.contains(method)) {
        LOG.debug("Ignoring unknown notification {}", method);
        return;
      }
      if (known != null && !known.isNotification()) {
        LOG.warn("Ignoring request method {} sent as a notification (no id)", method);
        return;
      }
      String rangeProblem = known == null ? null : RangeCheck.firstProblem(obj.get("params"));
      if (rangeProblem != null) {
        notApplied(method, obj.get("params"), "its params are invalid (" + rangeProblem + ")");
        return;
      }
      parseAndConsume(obj, method, null);
      return;
    }
    Lifecycle.State state = lifecycle.state();
    if (state == Lifecycle.State.NOT_INITIALIZED && !method.equals("initialize")) {
      sendError(
          id,
          ResponseErrorCode.ServerNotInitialized,
          "Server not initialized: send 'initialize' first");
      return;
    }
    if (state != Lifecycle.State.NOT_INITIALIZED && method.equals("initialize")) {
      sendError(id, ResponseErrorCode.InvalidRequest, "Server is already initialized");
      return;
    }
    if (state == Lifecycle.State.SHUT_DOWN || state == Lifecycle.State.EXITED) {
      sendError(
          id, ResponseErrorCode.InvalidRequest, "Server is shut down; only 'exit' is accepted");
      return;
    }
    if (known == null || known.isNotification()) {
      sendError(id, ResponseErrorCode.MethodNotFound, "Unhandled method " + method);
      return;
    }
    JsonElement params = obj.get("params");
    if (known.getParameterTypes().length > 0
        && (params == null || params.isJsonNull())
        && !method.equals("shutdown")) {
      sendError(id, ResponseErrorCode.InvalidParams, "Invalid params: " + method + " needs params");
      return;
    }
    if (params != null && !params.isJsonNull() && !params.isJsonObject() && !params.isJsonArray()) {
      sendError(
          id, ResponseErrorCode.InvalidParams, "Invalid params: params must be an object or array");
      return;
    }
    if (params != null && params.isJsonObject() && known.getParameterTypes().length == 1) {
      String wrong = nonArrayListField(known.getParameterTypes()[0], params.getAsJsonObject());
      if (wrong != null) {
        sendError(
            id,
            ResponseErrorCode.InvalidParams,
            "Invalid params for " + method + ": '" + wrong + "' must be an array");
        return;
      }
    }
    String rangeProblem = RangeCheck.firstProblem(params);
    if (rangeProblem != null) {
      sendError(
          id,
          ResponseErrorCode.InvalidParams,
          "Invalid params for " + method + ": " + rangeProblem);
      return;
    }
    parseAndConsume(obj, method, id);
  }

  /**
   * A message that is not JSON but reads like a notification (a {@code method}, no {@code id}):
   * reported with the document's uri when one can be found in the raw text, so that a lost {@code
   * didChange} marks its document out of sync instead of vanishing.
   */
  private void unparsableNotification(String content, String why) {
    Matcher m = METHOD_IN_RAW.matcher(content);
    if (!m.find() || ID_IN_RAW.matcher(content).find()) {
      return;
    }
    String method = m.group(1);
    if (!localMethods.containsKey(method)) {
      return;
    }
    JsonObject params = null;
    Matcher u = URI_IN_RAW.matcher(content);
    if (u.find()) {
      JsonObject doc = new JsonObject();
      doc.addProperty("uri", u.group(1));
      params = new JsonObject();
      params.add("textDocument", doc);
    }
    notApplied(method, params, "the message is not valid JSON (" + why + ")");
  }

  private void notApplied(String method, JsonElement params, String why) {
    try {
      notificationFailures.notApplied(method, params, why);
    } catch (RuntimeException e) {
      LOG.warn("Reporting the failed notification {} failed", method, e);
    }
  }

  /**
   * The first top-level field of the params class declared as a list whose JSON value is neither an
   * array nor null (Gson would otherwise quietly accept e.g. {@code "arguments": "x"}), or null.
   */
  private String nonArrayListField(java.lang.reflect.Type type, JsonObject params) {
    if (!(type instanceof Class<?> cls)) {
      return null;
    }
    for (String field : listFields.computeIfAbsent(cls, JsonRpcConnection::listFieldsOf)) {
      JsonElement value = params.get(field);
      if (value != null && !value.isJsonNull() && !value.isJsonArray()) {
        return field;
      }
    }
    return null;
  }

  private static java.util.List<String> listFieldsOf(Class<?> cls) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())
            && java.util.Collection.class.isAssignableFrom(f.getType())) {
          out.add(f.getName());
        }
      }
    }
    return java.util.List.copyOf(out);
  }

  /** Turns the parsed tree into LSP4J's message (no second parse of the text). */
  private void parseAndConsume(JsonObject tree, String method, Either<String, Number> id) {
    Message message;
    try {
      message = jsonHandler.getGson().fromJson(tree, Message.class);
      if (message == null) {
        reject(method, id, tree, "empty message");
        return;
      }
      message.setJsonHandler(jsonHandler);
    } catch (MessageIssueException e) {
      reject(method, id, tree, issuesText(e));
      return;
    } catch (RuntimeException | StackOverflowError e) {
      reject(method, id, tree, rootMessage(e));
      return;
    }
    if (message instanceof RequestMessage || message instanceof NotificationMessage) {
      try {
        validator.validate(message);
      } catch (MessageIssueException e) {
        reject(method, id, tree, issuesText(e));
        return;
      } catch (RuntimeException e) {
        // the validator is best effort; a failure in it must not drop the message
        LOG.debug("Validator failed on {}", method, e);
      }
    }
    endpoint.consume(message);
  }

  private void reject(String method, Either<String, Number> id, JsonObject tree, String why) {
    EarlyStart.Answered answered = early;
    if (answered != null && "initialize".equals(method) && isId(answered, id)) {
      // The client already has its answer: initialize with the capabilities the server reads.
      early = null;
      LOG.warn(
          "initialize params partly unreadable ({}); using the capabilities the server reads", why);
      JsonObject lenient = tree.deepCopy();
      lenient.add("params", answered.fallbackParams().apply(tree.getAsJsonObject("params")));
      parseAndConsume(lenient, method, id);
      return;
    }
    if (method != null && id != null) {
      sendError(id, ResponseErrorCode.InvalidParams, "Invalid params for " + method + ": " + why);
    } else if (method != null) {
      notApplied(method, tree.get("params"), "its params are invalid (" + why + ")");
    } else {
      LOG.warn("Dropped malformed response: {}", why);
    }
  }

  private static String issuesText(MessageIssueException e) {
    StringBuilder sb = new StringBuilder();
    for (MessageIssue issue : e.getIssues()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(issue.getText());
      if (issue.getCause() != null && issue.getCause().getMessage() != null) {
        sb.append(" (").append(rootMessage(issue.getCause())).append(')');
      }
    }
    return sb.toString();
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String msg = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    return msg.length() > 300 ? msg.substring(0, 297) + "..." : msg;
  }

  static boolean isId(EarlyStart.Answered answered, Either<String, Number> id) {
    if (id == null) {
      return false;
    }
    return answered.numericId()
        ? id.isRight() && id.getRight().toString().equals(answered.id())
        : id.isLeft() && id.getLeft().equals(answered.id());
  }

  private static Either<String, Number> idOf(JsonElement el) {
    if (el == null || !el.isJsonPrimitive()) {
      return null;
    }
    JsonPrimitive p = el.getAsJsonPrimitive();
    if (p.isString()) {
      return Either.forLeft(p.getAsString());
    }
    if (p.isNumber()) {
      return Either.forRight(p.getAsNumber());
    }
    return null;
  }

  private void sendError(Either<String, Number> id, ResponseErrorCode code, String message) {
    ResponseMessage response = new ResponseMessage();
    response.setRawId(id);
    response.setError(new ResponseError(code, message, null));
    LOG.debug("<< error {} for id {}: {}", code.getValue(), id, message);
    out.consume(response);
  }

  /**
   * The local service's endpoint, with notification failures reported instead of only logged by
   * LSP4J.
   */
  private final class ReportingEndpoint implements Endpoint {
    private final Endpoint delegate;

    ReportingEndpoint(Endpoint delegate) {
      this.delegate = delegate;
    }

    @Override
    public java.util.concurrent.CompletableFuture<?> request(String method, Object parameter) {
      return delegate.request(method, parameter);
    }

    @Override
    public void notify(String method, Object parameter) {
      try {
        delegate.notify(method, parameter);
      } catch (RuntimeException e) {
        LOG.warn("Notification {} failed", method, e);
        notApplied(
            method,
            parameter == null ? null : jsonHandler.getGson().toJsonTree(parameter),
            "the server failed to apply it (" + rootMessage(e) + ")");
      }
    }
  }

  /** LSP4J's remote endpoint with the lifecycle rules in front of the local service. */
  private final class GatedEndpoint extends RemoteEndpoint {
    GatedEndpoint(
        StreamMessageConsumer out, Object localService, Function<Throwable, ResponseError> mapper) {
      super(out, new ReportingEndpoint(ServiceEndpoints.toEndpoint(localService)), mapper);
    }

    @Override
    protected void handleNotification(NotificationMessage notification) {
      String method = notification.getMethod();
      if (method.equals("exit")) {
        int code = lifecycle.markExited();
        LOG.info("exit received, code {}", code);
        onExit.accept(code);
        return;
      }
      Lifecycle.State state = lifecycle.state();
      if (state != Lifecycle.State.INITIALIZED && !method.equals("$/cancelRequest")) {
        LOG.debug("Dropping notification {} in state {}", method, state);
        return;
      }
      super.handleNotification(notification);
    }

    @Override
    protected void handleRequestIssues(
        RequestMessage request, java.util.List<MessageIssue> issues) {
      sendError(
          request.getRawId(),
          ResponseErrorCode.InvalidParams,
          "Invalid params: " + issues.stream().map(MessageIssue::getText).toList());
    }
  }
}

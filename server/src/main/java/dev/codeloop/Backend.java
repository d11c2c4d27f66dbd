package dev.codeloop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.concurrent.HeapTrimmer;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.jsonrpc.MessageValidator;
import dev.codeloop.model.Egress;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelRouter;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.embedded.ProjectModels;
import dev.codeloop.settings.ServerSettings.LogSettings;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsSchema;
import dev.codeloop.settings.UserPaths;
import dev.codeloop.workspace.tool.parse.OutputParser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one server process shares among all its sessions because it is expensive and the same for
 * everyone: executors, the model router's backend (provider clients, breakers, backend statistics),
 * the embedded model and the roots it has indexed, the built-in settings. Nothing here is decided
 * by a user; everything a user decides lives in the session ({@link SessionFactory}).
 *
 * @param router the model router's backend, or empty when tests give every session one fake gateway
 * @param gateways makes a session's model gateway over its own model settings (a view of the router
 *     in production; one shared fake in tests)
 * @param settingsSchema validates every settings layer (compiled on first use)
 * @param parsers the tool output parsers by id ({@code maven}, {@code tsc}, …)
 * @param processLog applies a session's {@code log} settings to the process's logging; a no-op when
 *     many sessions share the process (TCP), so no editor changes another's logging
 * @param heapTrimmer gives the heap back to the system after bulk work (indexing, closing files)
 * @param messageValidator checks every incoming message of every session (its per-class lookups
 *     shared)
 */
record Backend(
    ServerExecutors executors,
    Optional<ModelRouter> router,
    Gateways gateways,
    Optional<ProjectModels> embedded,
    Set<Path> indexedRoots,
    SettingsJson settingsJson,
    ObjectNode defaults,
    SettingsSchema settingsSchema,
    UserPaths paths,
    Map<String, String> env,
    String version,
    Consumer<LogSettings> processLog,
    AtomicInteger sessionIds,
    Function<String, Optional<OutputParser>> parsers,
    HeapTrimmer heapTrimmer,
    MessageValidator messageValidator) {

  /** Makes a session's model gateway. */
  interface Gateways {
    ModelGateway forSession(String session, Supplier<ModelSettings> settings, Egress.Sink egress);
  }

  /**
   * A session's model gateway: its own view of the router, reading its own settings, recording its
   * outbound requests in {@code egress}.
   */
  ModelGateway gatewayFor(
      String session, Supplier<ModelSettings> sessionSettings, Egress.Sink egress) {
    return gateways.forSession(session, sessionSettings, egress);
  }

  /** The embedded models (one per project); never waits for one to load. */
  Optional<ProjectModels> embeddedNow() {
    return embedded;
  }

  /**
   * Persists the embedded models (best effort) and closes them, so that an indexing still running
   * writes nothing after this; stops the router and every executor.
   */
  void close() {
    try {
      embeddedNow().ifPresent(ProjectModels::persist);
    } catch (RuntimeException e) {
      // best effort: the next start re-indexes
    }
    embeddedNow().ifPresent(ProjectModels::close);
    router.ifPresent(ModelRouter::close);
    heapTrimmer.close();
    executors.close();
  }
}

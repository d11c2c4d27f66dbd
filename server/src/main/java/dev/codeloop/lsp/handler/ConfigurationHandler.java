package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.settings.SettingsLayer;
import dev.codeloop.settings.SettingsStore;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side settings: {@code workspace/didChangeConfiguration} (pushed) and {@code
 * workspace/configuration} (pulled where the client supports it, section {@code codeloop}).
 * Settings problems are shown to the user by name with the reason; the last good values stay in
 * force.
 */
public final class ConfigurationHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationHandler.class);
  public static final String SECTION = "codeloop";

  private final SettingsStore settings;
  private final Supplier<LanguageClient> client;
  private final Function<Object, JsonNode> toJson;
  private final Executor executor;

  /** Numbers each push and pull in the order the client's messages came. */
  private final AtomicLong issued = new AtomicLong();

  private final Object applyLock = new Object();

  /** The number of the newest push or pull applied; guarded by {@link #applyLock}. */
  private long applied;

  public ConfigurationHandler(
      SettingsStore settings,
      Supplier<LanguageClient> client,
      Function<Object, JsonNode> toJson,
      Executor executor) {
    this.settings = settings;
    this.client = client;
    this.toJson = toJson;
    this.executor = executor;
  }

  /** Called on the dispatch thread: cheap, never waits for the client. */
  public void didChangeConfiguration(Object raw) {
    JsonNode tree;
    try {
      tree = toJson.apply(raw);
    } catch (IllegalArgumentException e) {
      report(List.of(SettingsProblem.error("workspace/didChangeConfiguration", e.getMessage())));
      return;
    }
    if (tree == null || tree.isNull() || (tree.isObject() && tree.isEmpty())) {
      pull(); // clients that use the pull model send an empty notification
      return;
    }
    JsonNode section = tree.has(SECTION) ? tree.get(SECTION) : tree;
    // Applied synchronously (a small tree merge) so that the next request already sees the new
    // values,
    // as LSP message ordering promises. Listeners are notified here too and reports are
    // notifications.
    apply(issued.incrementAndGet(), section);
  }

  /**
   * Applies the client's settings of push or pull number {@code n} unless a newer one was applied:
   * pulled replies complete on the request pool, where an older reply can come after a newer push
   * or pull and would otherwise put the old values back.
   */
  private void apply(long n, JsonNode node) {
    synchronized (applyLock) {
      if (n < applied) {
        LOG.debug("workspace/configuration reply {} older than {}: not applied", n, applied);
        return;
      }
      applied = n;
      settings.setLayer(SettingsLayer.CLIENT, node); // listeners report problems
    }
  }

  /** Pulls the {@code codeloop} section (asynchronously; the reply is applied when it arrives). */
  public void pull() {
    ConfigurationItem item = new ConfigurationItem();
    item.setSection(SECTION);
    long n = issued.incrementAndGet();
    client
        .get()
        .configuration(new ConfigurationParams(List.of(item)))
        .whenCompleteAsync(
            (values, error) -> {
              if (error != null) {
                LOG.debug("workspace/configuration failed: {}", error.toString());
                return;
              }
              if (values != null && !values.isEmpty() && values.get(0) != null) {
                try {
                  JsonNode node = toJson.apply(values.get(0));
                  if (node != null && node.isObject()) {
                    apply(n, node);
                  }
                } catch (IllegalArgumentException e) {
                  report(List.of(SettingsProblem.error("workspace/configuration", e.getMessage())));
                }
              }
            },
            executor);
  }

  /** Shows settings problems to the user (one message listing each setting and why). */
  public void report(List<SettingsProblem> problems) {
    List<SettingsProblem> errors =
        problems.stream().filter(p -> p.severity() == SettingsProblem.Severity.ERROR).toList();
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("Codeloop settings: ");
    for (int i = 0; i < problems.size(); i++) {
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(problems.get(i));
    }
    sb.append(errors.isEmpty() ? "" : " (the previous values stay in force)");
    try {
      client
          .get()
          .showMessage(
              new MessageParams(
                  errors.isEmpty() ? MessageType.Info : MessageType.Warning, sb.toString()));
    } catch (RuntimeException e) {
      LOG.debug("Cannot show settings problems: {}", e.toString());
    }
  }
}

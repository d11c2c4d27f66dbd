package dev.codeloop.action;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to do the work of a proposed action later: stored in {@code CodeAction.data}
 * (or as the argument of {@code codeloop.applyAction}) and handed back on resolve. Encoded to JSON
 * in one place ({@code lsp.convert.ActionDataCodec}); the schema is documented in {@code
 * docs/LSP-EXTENSIONS.md}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this server
 * @param providerId the {@link ActionProvider#id()} that proposed the action
 * @param actionId the provider's own id of the action (e.g. {@code explain}, a custom action's id)
 * @param version the document version the action was proposed for
 * @param range the range the action was proposed for
 * @param args provider-specific string arguments (e.g. the diagnostic of a quickfix)
 */
public record ActionData(
    int schemaVersion,
    String providerId,
    String actionId,
    String uri,
    int version,
    TextRange range,
    Map<String, String> args) {

  public static final int SCHEMA_VERSION = 1;

  public ActionData {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(range, "range");
    args = Map.copyOf(args);
  }

  public Optional<String> arg(String name) {
    return Optional.ofNullable(args.get(name)).filter(s -> !s.isEmpty());
  }

  /** A copy with one more argument (e.g. the user's instruction given to the command). */
  public ActionData withArg(String name, String value) {
    var copy = new HashMap<>(args);
    copy.put(name, value);
    return new ActionData(schemaVersion, providerId, actionId, uri, version, range, copy);
  }
}

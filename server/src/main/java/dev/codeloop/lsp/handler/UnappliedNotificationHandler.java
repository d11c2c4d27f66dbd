package dev.codeloop.lsp.handler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.jsonrpc.JsonRpcConnection;
import java.util.function.Supplier;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a notification the server could not apply: a document sync notification marks its
 * document out of sync (it then answers as if closed, so no edit is computed against text the user
 * does not see) and the user is told once, with what repairs it (the next full sync: reopening the
 * file, or any change that carries the whole text); any other notification is reported in the
 * client's log. Nothing is dropped silently.
 */
public final class UnappliedNotificationHandler implements JsonRpcConnection.NotificationFailures {
  private static final Logger LOG = LoggerFactory.getLogger(UnappliedNotificationHandler.class);

  private final DocumentStore documents;
  private final Supplier<LanguageClient> client;

  public UnappliedNotificationHandler(DocumentStore documents, Supplier<LanguageClient> client) {
    this.documents = documents;
    this.client = client;
  }

  @Override
  public void notApplied(String method, JsonElement params, String reason) {
    String uri = uriOf(params);
    if (method.startsWith("textDocument/did") && !method.equals("textDocument/didSave")) {
      if (uri == null) {
        tell(
            MessageType.Warning,
            "Codeloop could not apply "
                + method
                + " because "
                + reason
                + ", and the message names no document. If AI answers look wrong, close and"
                + " reopen the file.");
        return;
      }
      if (method.equals("textDocument/didClose")) {
        tell(MessageType.Log, "Codeloop could not apply didClose for " + uri + ": " + reason);
        return;
      }
      if (documents.markOutOfSync(uri, method + ": " + reason)) {
        tell(
            MessageType.Warning,
            "Codeloop lost track of "
                + uri
                + ": a "
                + method.substring("textDocument/".length())
                + " could not be applied because "
                + reason
                + ". AI features are paused for this file until the editor sends its whole text"
                + " again (close and reopen the file).");
      }
      return;
    }
    tell(MessageType.Warning, "Codeloop ignored " + method + " because " + reason + ".");
  }

  private void tell(MessageType type, String text) {
    LOG.warn("{}", text);
    try {
      if (type == MessageType.Log) {
        client.get().logMessage(new MessageParams(MessageType.Warning, text));
      } else {
        client.get().showMessage(new MessageParams(type, text));
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot tell the client: {}", e.toString());
    }
  }

  private static String uriOf(JsonElement params) {
    if (params == null || !params.isJsonObject()) {
      return null;
    }
    JsonElement doc = params.getAsJsonObject().get("textDocument");
    if (doc == null || !doc.isJsonObject()) {
      return null;
    }
    JsonElement uri = ((JsonObject) doc).get("uri");
    return uri != null && uri.isJsonPrimitive() && uri.getAsJsonPrimitive().isString()
        ? uri.getAsString()
        : null;
  }
}

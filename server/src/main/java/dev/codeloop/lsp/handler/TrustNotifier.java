package dev.codeloop.lsp.handler;

import dev.codeloop.settings.SettingsStore;
import dev.codeloop.workspace.command.Commands;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user once (per distinct set of ignored settings) what of the workspace's {@code
 * .codeloop.json} was ignored and why: the workspace is not trusted, or a workspace file tried to
 * choose a key or redefine one of the user's models.
 */
public final class TrustNotifier implements SettingsStore.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(TrustNotifier.class);

  private final Supplier<LanguageClient> client;
  private final AtomicReference<List<String>> told = new AtomicReference<>(List.of());

  public TrustNotifier(Supplier<LanguageClient> client) {
    this.client = client;
  }

  @Override
  public void settingsChanged(SettingsStore.Update update) {
    List<String> ignored = update.trust().ignored();
    if (ignored.isEmpty() || ignored.equals(told.getAndSet(ignored))) {
      return;
    }
    String what = String.join(", ", ignored);
    String text =
        update.trust().trusted()
            ? "Codeloop: the workspace's .codeloop.json may not choose API keys, redefine your"
                + " models or trust itself; ignored: "
                + what
                + ". Set keys and models in your user settings file."
            : "Codeloop: this workspace is not trusted, so these settings of its .codeloop.json"
                + " were ignored: "
                + what
                + ". If you trust its authors, run the command 'Codeloop: Trust Workspace' ("
                + Commands.TRUST_WORKSPACE
                + ") or add the folder to trustedWorkspaces in your user settings file.";
    LOG.info("{}", text);
    try {
      client.get().showMessage(new MessageParams(MessageType.Warning, text));
    } catch (RuntimeException e) {
      LOG.debug("cannot tell the user about ignored workspace settings: {}", e.toString());
    }
  }
}

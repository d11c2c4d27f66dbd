package dev.codeloop.lsp;

import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * What one LSP session learned at {@code initialize}: the client proxy, its capabilities and the
 * workspace roots. Written once on the dispatch thread, read everywhere; values are immutable.
 */
public final class SessionContext implements SessionContextWriter {
  private final AtomicReference<LanguageClient> client = new AtomicReference<>();
  private final AtomicReference<ClientCapabilitiesView> capabilities =
      new AtomicReference<>(ClientCapabilitiesView.of(new ClientCapabilities()));
  private final AtomicReference<List<Path>> roots = new AtomicReference<>(List.of());
  private final AtomicReference<String> clientName = new AtomicReference<>("unknown");
  private final AtomicReference<CodeloopClient> statusClient = new AtomicReference<>();

  public LanguageClient client() {
    LanguageClient c = client.get();
    if (c == null) {
      throw new IllegalStateException("no client connected");
    }
    return c;
  }

  public void setClient(LanguageClient c) {
    client.set(c);
  }

  /** The proxy for our own notifications ({@code codeloop/status}); empty before connection. */
  public java.util.Optional<CodeloopClient> statusClient() {
    return java.util.Optional.ofNullable(statusClient.get());
  }

  public void setStatusClient(CodeloopClient c) {
    statusClient.set(c);
  }

  public ClientCapabilitiesView capabilities() {
    return capabilities.get();
  }

  @Override
  public void setCapabilities(ClientCapabilitiesView view) {
    capabilities.set(view);
  }

  public List<Path> roots() {
    return roots.get();
  }

  @Override
  public void setRoots(List<Path> paths) {
    roots.set(List.copyOf(paths));
  }

  public String clientName() {
    return clientName.get();
  }

  public void setClientName(String name) {
    clientName.set(name);
  }
}

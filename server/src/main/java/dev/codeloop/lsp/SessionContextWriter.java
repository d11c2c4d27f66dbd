package dev.codeloop.lsp;

import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import java.nio.file.Path;
import java.util.List;

/** The write side of {@link SessionContext}, for the initialize handler only. */
public interface SessionContextWriter {
  void setCapabilities(ClientCapabilitiesView view);

  void setRoots(List<Path> paths);

  void setClientName(String name);

  String clientName();
}

package dev.codeloop.lsp;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends the session when the editor process named in {@code initialize.processId} dies. */
public final class ParentProcessWatcher implements Consumer<Long> {
  private static final Logger LOG = LoggerFactory.getLogger(ParentProcessWatcher.class);

  private final Runnable onParentDeath;

  public ParentProcessWatcher(Runnable onParentDeath) {
    this.onParentDeath = onParentDeath;
  }

  @Override
  public void accept(Long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      LOG.warn("Editor process {} is not running; exiting", pid);
      onParentDeath.run();
      return;
    }
    handle
        .get()
        .onExit()
        .thenRun(
            () -> {
              LOG.warn("Editor process {} exited; ending the session", pid);
              onParentDeath.run();
            });
  }
}

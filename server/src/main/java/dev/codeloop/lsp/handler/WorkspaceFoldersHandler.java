package dev.codeloop.lsp.handler;

import dev.codeloop.lsp.SessionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code workspace/didChangeWorkspaceFolders}: keeps the session's roots current, so everything
 * that reads them (the privacy filter and its ignore files, project files, the indexer) sees a
 * folder as soon as it is added and forgets it when it is removed. Runs on the dispatch thread: it
 * only swaps an immutable list and hands the added roots on (the indexer starts asynchronously).
 */
public final class WorkspaceFoldersHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceFoldersHandler.class);

  private final SessionContext context;
  private final Consumer<List<Path>> rootsAdded;
  private final Consumer<List<Path>> rootsChanged;

  public WorkspaceFoldersHandler(SessionContext context, Consumer<List<Path>> rootsAdded) {
    this(context, rootsAdded, roots -> {});
  }

  /**
   * @param rootsAdded told about roots that were not there before (e.g. to index them); must not
   *     block
   * @param rootsChanged told the whole new list of roots (the workspace trust decision is about all
   *     of them)
   */
  public WorkspaceFoldersHandler(
      SessionContext context, Consumer<List<Path>> rootsAdded, Consumer<List<Path>> rootsChanged) {
    this.context = context;
    this.rootsAdded = rootsAdded;
    this.rootsChanged = rootsChanged;
  }

  public void handle(DidChangeWorkspaceFoldersParams params) {
    WorkspaceFoldersChangeEvent event = params == null ? null : params.getEvent();
    if (event == null) {
      return;
    }
    Set<Path> roots = new LinkedHashSet<>(context.roots());
    for (Path removed : paths(event.getRemoved())) {
      roots.remove(removed);
    }
    List<Path> added = new ArrayList<>();
    for (Path path : paths(event.getAdded())) {
      if (roots.add(path)) {
        added.add(path);
      }
    }
    context.setRoots(List.copyOf(roots));
    rootsChanged.accept(List.copyOf(roots));
    LOG.info("Workspace roots now {}", roots);
    if (!added.isEmpty()) {
      rootsAdded.accept(List.copyOf(added));
    }
  }

  private static List<Path> paths(List<WorkspaceFolder> folders) {
    List<Path> out = new ArrayList<>();
    if (folders != null) {
      for (WorkspaceFolder f : folders) {
        InitializeHandler.toPath(f.getUri()).ifPresent(out::add);
      }
    }
    return out;
  }
}

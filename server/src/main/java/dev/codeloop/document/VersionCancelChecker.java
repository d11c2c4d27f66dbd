package dev.codeloop.document;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** Cancels work computed for a document version once the document has moved on (or closed). */
public final class VersionCancelChecker implements CancelChecker {
  private final DocumentStore store;
  private final String uri;
  private final int version;

  public VersionCancelChecker(DocumentStore store, String uri, int version) {
    this.store = store;
    this.uri = uri;
    this.version = version;
  }

  @Override
  public void checkCanceled() {
    if (isCanceled()) {
      throw new CancellationException("document " + uri + " moved on from version " + version);
    }
  }

  @Override
  public boolean isCanceled() {
    return store.snapshot(uri).map(s -> s.version() != version).orElse(true);
  }

  /** A checker that trips when any of the given checkers trips. */
  public static CancelChecker all(CancelChecker... checkers) {
    List<CancelChecker> list = List.of(checkers);
    return new CancelChecker() {
      @Override
      public void checkCanceled() {
        for (CancelChecker c : list) {
          c.checkCanceled();
        }
      }

      @Override
      public boolean isCanceled() {
        return list.stream().anyMatch(CancelChecker::isCanceled);
      }
    };
  }
}

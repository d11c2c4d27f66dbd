package dev.codeloop.model;

import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * An in-process completion model (the built-in statistical model). The router registers it as the
 * provider {@code embedded}. It answers fill-in-the-middle requests only.
 */
public interface LocalCompletionModel {

  /**
   * Returns up to {@code candidates} continuations for the cursor between {@code fim.prefix()} and
   * {@code fim.suffix()}, best first; empty when nothing is confident enough (no suggestion beats
   * junk).
   */
  List<String> complete(FimRequest fim, int candidates, CancelChecker cancel);
}

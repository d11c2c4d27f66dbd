package dev.codeloop.action;

import java.util.List;

/**
 * Our code action kinds: AI sub-kinds of the standard LSP kinds (so that {@code context.only} and
 * the editors' menus work): {@code quickfix.ai}, {@code refactor.ai}, {@code refactor.rewrite.ai},
 * {@code source.ai} and their sub-kinds.
 */
public final class ActionKinds {
  private ActionKinds() {}

  public static final String QUICKFIX = "quickfix.ai";
  public static final String REFACTOR = "refactor.ai";
  public static final String REFACTOR_REWRITE = "refactor.rewrite.ai";
  public static final String SOURCE = "source.ai";

  public static final String EXPLAIN = REFACTOR + ".explain";
  public static final String DOCUMENT = REFACTOR_REWRITE + ".docs";
  public static final String TESTS = REFACTOR + ".tests";
  public static final String PLAN = REFACTOR + ".plan";
  public static final String CHAT = REFACTOR + ".chat";

  /**
   * Whether an action of {@code kind} is wanted when the client asked only for {@code only} (empty
   * or null = everything). A kind matches a requested kind equal to it or to one of its
   * dot-prefixes.
   */
  public static boolean matches(String kind, List<String> only) {
    if (only == null || only.isEmpty()) {
      return true;
    }
    for (String wanted : only) {
      if (wanted.isEmpty() || kind.equals(wanted) || kind.startsWith(wanted + ".")) {
        return true;
      }
    }
    return false;
  }
}

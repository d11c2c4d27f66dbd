package dev.codeloop.model.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the model's size.
 *
 * @param documents documents known, all languages (the workspaces' and the editors', not the
 *     standard libraries')
 * @param tokens model tokens of those documents
 * @param vocabulary distinct tokens, all languages
 * @param retainedBytes approximate heap held by counts, caches and document tokens
 * @param tokensByLanguage model tokens per language
 * @param editorDocuments documents learned from an editor's buffer (released or replaced by the
 *     saved file when the editor closes them)
 * @param workspaceFiles source files the last indexing runs found in the workspaces
 * @param overBudgetFiles of those, files not learned because the budget was spent on more relevant
 *     ones
 * @param staticBytes the part of {@code retainedBytes} the budget bounds: counts, document tokens,
 *     vocabulary (the rest are the caches of recent files and directories)
 * @param platformDocuments files of the languages' standard libraries learned ({@link
 *     PlatformLibrary})
 * @param platformTokens their model tokens
 */
public record EmbeddedStats(
    int documents,
    long tokens,
    int vocabulary,
    long retainedBytes,
    Map<String, Long> tokensByLanguage,
    int editorDocuments,
    int workspaceFiles,
    int overBudgetFiles,
    long staticBytes,
    int platformDocuments,
    long platformTokens) {
  public EmbeddedStats {
    tokensByLanguage = Map.copyOf(tokensByLanguage);
  }

  public EmbeddedStats(
      int documents,
      long tokens,
      int vocabulary,
      long retainedBytes,
      Map<String, Long> tokensByLanguage) {
    this(documents, tokens, vocabulary, retainedBytes, tokensByLanguage, 0, 0, 0, 0, 0, 0);
  }

  /** The figures of several models together (vocabularies are added, not merged). */
  public static EmbeddedStats sum(List<EmbeddedStats> all) {
    int documents = 0;
    long tokens = 0;
    int vocabulary = 0;
    long bytes = 0;
    int editor = 0;
    int workspace = 0;
    int overBudget = 0;
    long staticBytes = 0;
    int platformDocuments = 0;
    long platformTokens = 0;
    Map<String, Long> byLanguage = new LinkedHashMap<>();
    for (EmbeddedStats s : all) {
      documents += s.documents();
      tokens += s.tokens();
      vocabulary += s.vocabulary();
      bytes += s.retainedBytes();
      editor += s.editorDocuments();
      workspace += s.workspaceFiles();
      overBudget += s.overBudgetFiles();
      staticBytes += s.staticBytes();
      platformDocuments += s.platformDocuments();
      platformTokens += s.platformTokens();
      s.tokensByLanguage().forEach((k, v) -> byLanguage.merge(k, v, Long::sum));
    }
    return new EmbeddedStats(
        documents,
        tokens,
        vocabulary,
        bytes,
        byLanguage,
        editor,
        workspace,
        overBudget,
        staticBytes,
        platformDocuments,
        platformTokens);
  }
}

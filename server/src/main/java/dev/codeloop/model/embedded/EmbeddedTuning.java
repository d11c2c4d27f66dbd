package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lm.MixtureWeights;

/**
 * Tuning knobs of the embedded model (fixed by its builder; not the router's {@code
 * model.config.ModelSettings}, which the user configures).
 *
 * @param order n-gram order of the static model
 * @param cacheOrder n-gram order of the cache components (cheap, so longer than the static one:
 *     long repeated sequences in a file or a package are common)
 * @param maxFileBytes files larger than this are not learned
 * @param maxTokensPerLanguage token budget per language (bounded memory)
 * @param maxModelBytes budget of the model's estimated heap for what it learns from workspaces
 *     (counts, document tokens, vocabulary; not the caches)
 * @param recentTokens size of the recently-edited-files cache
 * @param directoryTokens size of one directory cache
 * @param directoryBytes retained bytes of all the directory caches kept (least recently used
 *     dropped first)
 * @param directoryHoldBack after a directory-cache build that evicted another, missing ones wait
 *     this many times its time (0: never)
 * @param nearTokens how many tokens before the cursor make the locality cache
 * @param identifierWindow how many identifiers before the cursor make the identifier cache
 * @param pruneAboveTokens singletons above bigrams are pruned once a language has this many tokens
 * @param eagerRebuildTokens below this size the static model is rebuilt after every change
 * @param rebuildFraction otherwise it is rebuilt once this fraction of its tokens changed
 * @param keepCountsBelowBytes static counts at least this large are let go before their rebuild
 *     instead of serving beside it ({@link LanguageState#rebuild})
 * @param searchBudgetNanos latency budget of the search of one completion request
 * @param requestedSearchBudgetNanos the same for a completion the user asked for and waits for
 *     ({@link dev.codeloop.model.FimRequest#requested})
 */
record EmbeddedTuning(
    int order,
    int cacheOrder,
    long maxFileBytes,
    long maxTokensPerLanguage,
    long maxModelBytes,
    int recentTokens,
    int directoryTokens,
    long directoryBytes,
    int directoryHoldBack,
    int nearTokens,
    int identifierWindow,
    long pruneAboveTokens,
    long eagerRebuildTokens,
    double rebuildFraction,
    long keepCountsBelowBytes,
    MixtureWeights weights,
    long searchBudgetNanos,
    long requestedSearchBudgetNanos) {}

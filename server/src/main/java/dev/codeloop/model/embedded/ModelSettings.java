package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lm.MixtureWeights;

/**
 * Tuning knobs of the embedded model.
 *
 * @param order n-gram order
 * @param maxFileBytes files larger than this are not learned
 * @param maxTokensPerLanguage token budget per language (bounded memory)
 * @param recentTokens size of the recently-edited-files cache
 * @param pruneAboveTokens singletons above bigrams are pruned once a language has this many tokens
 * @param eagerRebuildTokens below this size the static model is rebuilt after every change
 * @param rebuildFraction otherwise it is rebuilt once this fraction of its tokens changed
 * @param searchBudgetNanos latency budget of the search of one completion request
 */
record ModelSettings(
    int order,
    long maxFileBytes,
    long maxTokensPerLanguage,
    int recentTokens,
    long pruneAboveTokens,
    long eagerRebuildTokens,
    double rebuildFraction,
    MixtureWeights weights,
    long searchBudgetNanos) {}

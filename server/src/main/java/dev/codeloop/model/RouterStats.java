package dev.codeloop.model;

import java.util.Map;

/**
 * Accounting since start, per configured model and per task. Serializes to JSON with Jackson as is
 * (records). Contains no keys or prompts.
 */
public record RouterStats(Map<String, ModelStats> models, Map<String, TaskStats> tasks) {

  /**
   * @param failures failure counts by {@link ModelException.Kind} name
   * @param fallbacks how often a later model of the route had to be tried after this one failed
   * @param breaker the circuit breaker state: CLOSED, OPEN or HALF_OPEN
   */
  public record ModelStats(
      long calls,
      long successes,
      Map<String, Long> failures,
      long fallbacks,
      long p50Ms,
      long p95Ms,
      long p99Ms,
      long inputTokens,
      long outputTokens,
      double estimatedCost,
      String breaker) {}

  /**
   * @param fallbacks requests answered by another model than the first one tried
   */
  public record TaskStats(
      long requests,
      long failures,
      long fallbacks,
      long p50Ms,
      long p95Ms,
      long p99Ms,
      long inputTokens,
      long outputTokens,
      double estimatedCost) {}
}

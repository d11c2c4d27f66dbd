package dev.codeloop.model.embedded.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Finds the most probable continuations of a history: token by token, with the line-end model
 * deciding where a line stops, keeping the {@code width} best partial hypotheses.
 */
public final class BeamSearch {
  /** Marker in a hypothesis' tokens for a line break (multi-line suggestions). */
  public static final int NEWLINE = -1;

  private final int width;
  private final int maxTokens;

  public BeamSearch(int width, int maxTokens) {
    this.width = width;
    this.maxTokens = maxTokens;
  }

  /**
   * What to search.
   *
   * @param firstTokens when not null, the only allowed first tokens (completing a partial
   *     identifier); their probabilities are renormalised among themselves
   * @param stopToken a token that ends the suggestion when predicted (the text after the cursor
   *     starts with it), or -1
   * @param stopNesting the nesting the suggestion must have reached before the stop token ends it
   *     (e.g. -1 when the suggestion must first close one bracket the suffix does not close)
   * @param openBrackets brackets left open on the cursor's line (a line rarely ends inside
   *     brackets)
   * @param maxLines 1 for a single-line suggestion
   * @param blockDelta for multi-line suggestions, the nesting change of a token (+1 opens, -1
   *     closes); a suggestion ends at the line where the nesting returns below zero
   * @param parenDelta the change of round/square bracket nesting of a token (a line rarely ends
   *     inside them)
   * @param terminal tokens that cannot be rendered after the tokens before them; a hypothesis stops
   *     before them
   */
  public record Request(
      int[] history,
      int length,
      int[] firstTokens,
      int stopToken,
      int stopNesting,
      int openBrackets,
      int maxLines,
      IntUnaryOperator blockDelta,
      IntUnaryOperator parenDelta,
      Terminal terminal) {}

  /** Whether a token cannot be rendered where it would come. */
  @FunctionalInterface
  public interface Terminal {
    /**
     * @param token the token
     * @param oneBefore the token before it (history or hypothesis), or -1
     * @param twoBefore the one before that, or -1
     */
    boolean test(int token, int oneBefore, int twoBefore);
  }

  /**
   * A continuation.
   *
   * @param tokens token ids, {@link #NEWLINE} between lines
   * @param logProb natural log of its probability including how it ends
   * @param prefixLogProbs cumulative log probability after each token (ignoring how it ends)
   * @param complete whether it ends at a line end, the stop token, or the end of a block
   */
  public record Hypothesis(
      int[] tokens, double logProb, double[] prefixLogProbs, boolean complete) {

    /** The longest prefix whose cumulative probability is at least {@code minProb}. */
    public int confidentLength(double minProb) {
      double log = Math.log(minProb);
      int n = 0;
      while (n < prefixLogProbs.length && prefixLogProbs[n] >= log) {
        n++;
      }
      return n;
    }
  }

  private static final double INSIDE_BRACKETS_END_FACTOR = 0.05;

  private record Partial(
      int[] tokens, double[] prefix, double logProb, int lines, int nesting, int lineNesting) {}

  /** Complete hypotheses and the best incomplete one, best first. */
  public List<Hypothesis> search(LanguageModel lm, Request req, CancelChecker cancel) {
    return search(lm, req, cancel, Long.MAX_VALUE);
  }

  /**
   * Like {@link #search(LanguageModel, Request, CancelChecker)} but stops expanding once {@code
   * System.nanoTime()} passes {@code deadlineNanos} (a latency budget), keeping what it found.
   */
  public List<Hypothesis> search(
      LanguageModel lm, Request req, CancelChecker cancel, long deadlineNanos) {
    List<Hypothesis> finished = new ArrayList<>();
    List<Partial> beams = List.of(new Partial(new int[0], new double[0], 0.0, 1, 0, 0));
    Partial bestOpen = null;
    int[] hist = Arrays.copyOf(req.history(), req.length() + maxTokens + 1);
    for (int step = 0; step < maxTokens && !beams.isEmpty(); step++) {
      if (cancel != null) {
        cancel.checkCanceled();
      }
      if (step > 0 && System.nanoTime() - deadlineNanos > 0) {
        break;
      }
      List<Partial> next = new ArrayList<>();
      for (Partial h : beams) {
        int len = req.length();
        for (int t : h.tokens) {
          if (t != NEWLINE) {
            hist[len++] = t;
          }
        }
        LanguageModel.Context ctx = lm.context(hist, len);
        double continueLog = 0;
        boolean lastIsNewline = h.tokens.length > 0 && h.tokens[h.tokens.length - 1] == NEWLINE;
        if (h.tokens.length > 0 && !lastIsNewline) {
          double pEnd = ctx.lineEndProb();
          int lineOpen = (h.lines == 1 ? req.openBrackets() : 0) + h.lineNesting;
          if (lineOpen > 0) {
            pEnd *= INSIDE_BRACKETS_END_FACTOR;
          }
          pEnd = Math.min(0.999, Math.max(0.001, pEnd));
          continueLog = Math.log1p(-pEnd);
          if (h.lines >= req.maxLines()) {
            finished.add(finish(h, h.logProb + Math.log(pEnd), true));
          } else {
            next.add(
                new Partial(
                    append(h.tokens, NEWLINE),
                    appendD(h.prefix, h.prefix[h.prefix.length - 1]),
                    h.logProb + Math.log(pEnd),
                    h.lines + 1,
                    h.nesting,
                    0));
          }
        }
        int[] ids;
        double[] probs;
        if (step == 0 && req.firstTokens() != null) {
          ids = req.firstTokens();
          probs = ctx.probs(ids, null);
          double sum = 0;
          for (double p : probs) {
            sum += p;
          }
          if (sum <= 0) {
            continue;
          }
          for (int i = 0; i < ids.length; i++) {
            probs[i] /= sum;
          }
        } else {
          Candidates c = ctx.candidates(width + 2);
          ids = c.ids();
          probs = c.probs();
        }
        for (int i = 0; i < ids.length; i++) {
          int w = ids[i];
          double lp = h.logProb + continueLog + Math.log(Math.max(probs[i], 1e-12));
          if (w == req.stopToken() && h.tokens.length > 0 && h.nesting == req.stopNesting()) {
            finished.add(finish(h, lp, true));
            continue;
          }
          if (req.terminal().test(w, len > 0 ? hist[len - 1] : -1, len > 1 ? hist[len - 2] : -1)) {
            if (h.tokens.length > 0 && !lastIsNewline) {
              finished.add(finish(h, lp, true));
            }
            continue;
          }
          int delta = req.blockDelta() == null ? 0 : req.blockDelta().applyAsInt(w);
          int nesting = h.nesting + delta;
          double prefixLog =
              (h.prefix.length == 0 ? 0 : h.prefix[h.prefix.length - 1])
                  + Math.log(Math.max(probs[i], 1e-12));
          Partial p =
              new Partial(
                  append(h.tokens, w),
                  appendD(h.prefix, prefixLog),
                  lp,
                  h.lines,
                  nesting,
                  h.lineNesting + (req.parenDelta() == null ? 0 : req.parenDelta().applyAsInt(w)));
          if (req.maxLines() > 1 && nesting < 0) {
            finished.add(finish(p, lp, true));
            continue;
          }
          next.add(p);
        }
      }
      next.sort(Comparator.comparingDouble(p -> -p.logProb));
      beams = next.subList(0, Math.min(width, next.size()));
      double bestFinished = Double.NEGATIVE_INFINITY;
      for (Hypothesis f : finished) {
        bestFinished = Math.max(bestFinished, f.logProb());
      }
      if (!beams.isEmpty() && beams.get(0).logProb < bestFinished) {
        // probabilities only shrink: no open hypothesis can beat the best finished one any more
        if (bestOpen == null || beams.get(0).tokens.length > bestOpen.tokens.length) {
          bestOpen = beams.get(0);
        }
        break;
      }
      if (!beams.isEmpty()) {
        bestOpen =
            bestOpen == null || beams.get(0).tokens.length > bestOpen.tokens.length
                ? beams.get(0)
                : bestOpen;
      }
    }
    finished.sort(Comparator.comparingDouble(h -> -h.logProb()));
    List<Hypothesis> out = new ArrayList<>(finished);
    if (bestOpen != null) {
      out.add(finish(bestOpen, bestOpen.logProb, false));
    }
    return out;
  }

  private static Hypothesis finish(Partial p, double logProb, boolean complete) {
    int n = p.tokens.length;
    while (n > 0 && p.tokens[n - 1] == NEWLINE) {
      n--;
    }
    int[] tokens = Arrays.copyOf(p.tokens, n);
    double[] prefix = Arrays.copyOf(p.prefix, n);
    return new Hypothesis(tokens, logProb, prefix, complete);
  }

  private static int[] append(int[] a, int v) {
    int[] r = Arrays.copyOf(a, a.length + 1);
    r[a.length] = v;
    return r;
  }

  private static double[] appendD(double[] a, double v) {
    double[] r = Arrays.copyOf(a, a.length + 1);
    r[a.length] = v;
    return r;
  }
}

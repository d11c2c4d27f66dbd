package dev.codeloop.completion.stats;

import dev.codeloop.completion.Suggestion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Local statistics of completions shown and accepted, per model and language. Shared by all
 * sessions of the server; nothing leaves the machine. A suggestion counts as shown once, however
 * often it is re-served from the cache while the user types into it; it counts as accepted when the
 * editor runs its accept command.
 */
public final class AcceptanceStats {
  private static final int MAX_OUTSTANDING = 4096;

  /** Counters of one model and language. */
  public record Row(String model, String language, long shown, long accepted) {
    public double acceptanceRate() {
      return shown == 0 ? 0 : (double) accepted / shown;
    }
  }

  private record Bucket(String model, String language) {}

  private record Counters(LongAdder shown, LongAdder accepted) {
    Counters() {
      this(new LongAdder(), new LongAdder());
    }
  }

  private final Map<Bucket, Counters> counters = new ConcurrentHashMap<>();
  private final Map<String, Bucket> outstanding =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > MAX_OUTSTANDING;
        }
      };
  // A prefix telling this session's ids from an earlier server's: unguessable is not needed, so no
  // SecureRandom (its first use loads the security providers: milliseconds of every start-up).
  private final String idPrefix =
      Long.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE), 36);
  private final AtomicLong ids = new AtomicLong();

  /** A fresh suggestion id, unique for the server's lifetime. */
  public String nextId() {
    return idPrefix + "-" + Long.toString(ids.incrementAndGet(), 36);
  }

  /** Records suggestions returned to the editor (each id counted once). */
  public void shown(List<Suggestion> suggestions, String language) {
    for (Suggestion s : suggestions) {
      Bucket b = new Bucket(s.model(), language);
      boolean fresh;
      synchronized (outstanding) {
        fresh = !outstanding.containsKey(s.id());
        if (fresh) {
          outstanding.put(s.id(), b);
        }
      }
      if (fresh) {
        counters.computeIfAbsent(b, k -> new Counters()).shown().increment();
      }
    }
  }

  /** Records an acceptance; false when the id is unknown or was already accepted. */
  public boolean accepted(String id) {
    Bucket b;
    synchronized (outstanding) {
      b = outstanding.remove(id);
    }
    if (b == null) {
      return false;
    }
    counters.computeIfAbsent(b, k -> new Counters()).accepted().increment();
    return true;
  }

  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    counters.forEach(
        (b, c) -> rows.add(new Row(b.model(), b.language(), c.shown().sum(), c.accepted().sum())));
    rows.sort(Comparator.comparing(Row::model).thenComparing(Row::language));
    return rows;
  }
}

package dev.codeloop.bench.completion;

import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.CompletionTicket;
import dev.codeloop.completion.Debouncing;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.RecentDocuments;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextChange;
import dev.codeloop.document.TextPosition;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import dev.codeloop.settings.ServerSettings.CompletionSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * Server overhead per completion: everything but the model's own time, against a zero-latency
 * in-process gateway, on a 5,000-line Java file with three other open documents (800 lines each)
 * for snippet context. Runs the real handler, engine, context builder, privacy filter,
 * post-processor, cache and the hop to the model executor. Not a test: run it with
 *
 * <pre>
 * mvn -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.completion.CompletionBench [-Dexec.args="5000"]
 * </pre>
 */
public final class CompletionBench {
  private static final Path ROOT = Path.of("/bench").toAbsolutePath();
  private static final String REPLY = "computeTotal(values, index);";

  private final DocumentStore documents = new DocumentStore();
  private final ZeroLatencyGateway model = new ZeroLatencyGateway(REPLY);
  private final ServerExecutors executors = new ServerExecutors(2, 2, 1);
  private final InlineCompletionHandler handler;
  private final String uri = ROOT.resolve("src/main/java/app/Big.java").toUri().toString();
  private int version = 1;
  private long[] cpu = new long[0];
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private CompletionBench() {
    CompletionSettings settings =
        new CompletionSettings(
            CompletionStyle.AUTO, 0, 3, 512, 12, 6000, !Boolean.getBoolean("bench.noSnippets"));
    PrivacySettings privacy =
        new PrivacySettings(
            List.of("**/.env", "**/*.pem"), !Boolean.getBoolean("bench.noRedaction"));
    RecentDocuments recent = new RecentDocuments(16);
    documents.addListener(recent);
    PrivacyFilter filter = new PrivacyFilter(() -> List.of(ROOT), () -> privacy);
    CompletionEngine engine =
        new CompletionEngine(
            documents,
            filter,
            new ContextBuilder(documents, recent, filter, () -> settings),
            new PostProcessor(),
            new CompletionCache(() -> settings.cacheEntries()),
            new Debouncing(),
            new AcceptanceStats(),
            model,
            executors.scheduler(),
            executors.requests(),
            () -> settings);
    handler = new InlineCompletionHandler(engine);
  }

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    CompletionBench bench = new CompletionBench();
    try {
      bench.run(iterations);
    } finally {
      bench.executors.close();
    }
  }

  private void run(int iterations) {
    for (int i = 0; i < 3; i++) {
      String other = ROOT.resolve("src/main/java/app/Other" + i + ".java").toUri().toString();
      documents.open(other, "java", 1, javaFile(800, "Other" + i));
    }
    String big = javaFile(5000, "Big");
    int cursorLine = 2500;
    String[] lines = big.split("\n", -1);
    lines[cursorLine] = "    int total = ";
    documents.open(uri, "java", version, String.join("\n", lines));
    Position cursor = new Position(cursorLine, lines[cursorLine].length());

    // Misses: every request follows an edit (a new version and a new context), so the model is
    // called.
    measure("warm-up", iterations, cursor);
    long before = model.calls();
    long[] miss = measure("miss", iterations, cursor);
    long[] missCpu = cpu;
    long missCalls = model.calls() - before;
    typeAhead(iterations, cursor); // warm-up
    long calls = model.calls();
    // Hits: type ahead into the suggestion shown at a fixed spot, one character at a time.
    long[] hit = typeAhead(iterations, cursor);
    System.out.printf(
        Locale.ROOT,
        "file: 5,000 lines (%,d chars) + 3 open documents of 800 lines; prompt %,d chars; %d cpus, load %.1f%n",
        documents.snapshot(uri).orElseThrow().content().length(),
        model.lastPromptChars(),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report("miss (context + model hop + post-processing)", miss);
    report("miss, CPU time of the request thread", missCpu);
    System.out.printf(Locale.ROOT, "model calls during misses: %d of %d%n", missCalls, iterations);
    report("cache hit (type-ahead)", hit);
    System.out.printf(Locale.ROOT, "model calls during hits: %d%n", model.calls() - calls);
  }

  private long[] measure(String label, int iterations, Position cursor) {
    long[] nanos = new long[iterations];
    cpu = new long[iterations];
    int line = cursor.getLine();
    int length = cursor.getCharacter();
    for (int i = 0; i < iterations; i++) {
      // a unique line each time, so that every request is a cache miss and calls the model
      String text = "    int total" + label.length() + "x" + i + " = ";
      documents.change(
          uri,
          ++version,
          List.of(
              TextChange.ranged(new TextPosition(line, 0), new TextPosition(line, length), text)));
      length = text.length();
      long start = System.nanoTime();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      List<InlineCompletionItem> items = ask(new Position(line, length));
      cpu[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
      nanos[i] = System.nanoTime() - start;
      if (items.isEmpty()) {
        throw new IllegalStateException(label + ": no suggestion at iteration " + i);
      }
    }
    documents.change(
        uri,
        ++version,
        List.of(
            TextChange.ranged(
                new TextPosition(line, 0), new TextPosition(line, length), "    int total = ")));
    return nanos;
  }

  private long[] typeAhead(int iterations, Position cursor) {
    long[] nanos = new long[iterations];
    int n = 0;
    while (n < iterations) {
      documents.change(uri, ++version, List.of(insert(cursor, "")));
      ask(cursor); // shows the suggestion (a miss or an exact hit)
      Position at = cursor;
      for (int k = 0; k < REPLY.length() - 1 && n < iterations; k++) {
        documents.change(uri, ++version, List.of(insert(at, REPLY.substring(k, k + 1))));
        at = new Position(at.getLine(), at.getCharacter() + 1);
        long start = System.nanoTime();
        List<InlineCompletionItem> items = ask(at);
        nanos[n++] = System.nanoTime() - start;
        if (items.isEmpty()
            || !items.get(0).getInsertText().getLeft().equals(REPLY.substring(k + 1))) {
          throw new IllegalStateException("type-ahead did not hit the cache at " + k);
        }
      }
      documents.change(uri, ++version, List.of(TextChange.ranged(pos(cursor), pos(at), "")));
    }
    return nanos;
  }

  private List<InlineCompletionItem> ask(Position at) {
    InlineCompletionParams params =
        new InlineCompletionParams(
            new TextDocumentIdentifier(uri),
            at,
            new InlineCompletionContext(InlineCompletionTriggerKind.Automatic));
    CompletionTicket ticket = handler.begin(params);
    return Futures.join(handler.complete(params, ticket, () -> {})).getRight().getItems();
  }

  private static TextChange insert(Position at, String text) {
    return TextChange.ranged(pos(at), pos(at), text);
  }

  private static TextPosition pos(Position p) {
    return new TextPosition(p.getLine(), p.getCharacter());
  }

  private static void report(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-46s n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  max=%.3f ms%n",
        label,
        sorted.length,
        pct(sorted, 50),
        pct(sorted, 90),
        pct(sorted, 99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  /** A plausible Java file of about {@code lines} lines. */
  public static String javaFile(int lines, String name) {
    StringBuilder sb =
        new StringBuilder("package app;\n\nimport java.util.List;\nimport java.util.Map;\n\n");
    sb.append("public class ").append(name).append(" {\n");
    int i = 0;
    while (sb.chars().filter(c -> c == '\n').count() < lines - 2) {
      sb.append("  private int value").append(i).append(";\n\n");
      sb.append("  public int computeTotal")
          .append(i)
          .append("(List<Integer> values, int index) {\n");
      sb.append("    int total = 0;\n");
      sb.append("    for (int v : values) {\n      total += v * index + value")
          .append(i)
          .append(";\n    }\n");
      sb.append("    return total;\n  }\n\n");
      i++;
      if (i % 50 == 0 && sb.length() > lines * 30) {
        break;
      }
    }
    sb.append("}\n");
    return sb.toString();
  }
}

package dev.codeloop.bench.document;

import dev.codeloop.bench.completion.CompletionBench;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextChange;
import dev.codeloop.document.TextPosition;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints the heap a {@link DocumentStore} retains per open 5,000-line document (issue 14 item 3),
 * measured as the used heap after repeated full collections ({@link MemoryMXBean}) with {@code N}
 * documents open, minus the same before opening them, divided by {@code N}. Three states, each on
 * top of the previous one:
 *
 * <ol>
 *   <li><b>opened</b>: {@code didOpen} of each document (the editor's text is dropped by the bench
 *       as the JSON-RPC message would be);
 *   <li><b>read whole</b>: each snapshot's {@code content()} read once and dropped, as the
 *       embedded-model feeder, the context index and the code actions do;
 *   <li><b>edited</b>: 100 single-character incremental edits per document, then {@code content()}
 *       read once more.
 * </ol>
 *
 * The figure for the text alone (a {@code String} of the document, compact Latin-1 here) is printed
 * next to it. Not a unit test: run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.document.DocumentMemoryBench -Dexec.args="docs=40"
 * </pre>
 */
public final class DocumentMemoryBench {
  private static final int LINES = 5_000;
  private static final int EDITS = 100;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private DocumentMemoryBench() {}

  public static void main(String[] args) {
    int docs = 40;
    int runs = 5;
    for (String a : args) {
      if (a.startsWith("docs=")) {
        docs = Integer.parseInt(a.substring(5));
      } else if (a.startsWith("runs=")) {
        runs = Integer.parseInt(a.substring(5));
      }
    }
    String sample = CompletionBench.javaFile(LINES, "Doc0");
    System.out.printf(
        "document: %,d lines, %,d chars (Latin-1: a String of it is ~%,d bytes); %d documents"
            + " per run; load average at start: %.2f%n",
        sample.split("\n", -1).length,
        sample.length(),
        sample.length() + 56,
        docs,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < docs; i++) {
      texts.add(CompletionBench.javaFile(LINES, "Doc" + i));
    }
    measure(0, texts); // warm-up, not counted: the first run also measures the JVM settling
    List<double[]> all = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      all.add(measure(run, texts));
    }
    String[] names = {"opened", "read whole", "edited"};
    StringBuilder medians = new StringBuilder("median of " + runs + " runs, KB per document:");
    for (int k = 0; k < names.length; k++) {
      int column = k;
      double[] values = all.stream().mapToDouble(r -> r[column]).sorted().toArray();
      medians.append(String.format(" %s %,.0f", names[k], values[values.length / 2]));
    }
    System.out.println(medians);
    System.out.printf(
        "load average at end: %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** KB retained per document: opened, read whole, edited. */
  private static double[] measure(int run, List<String> texts) {
    int docs = texts.size();
    DocumentStore store = new DocumentStore();
    long base = usedAfterGc();
    for (int i = 0; i < docs; i++) {
      // a copy, so that the bench's own list does not keep what the store may keep
      store.open(uri(i), "java", 1, new String(texts.get(i).toCharArray()));
    }
    long opened = usedAfterGc();
    long sink = 0;
    for (int i = 0; i < docs; i++) {
      sink += store.snapshot(uri(i)).orElseThrow().content().length();
    }
    long read = usedAfterGc();
    Random random = new Random(run);
    for (int i = 0; i < docs; i++) {
      for (int e = 0; e < EDITS; e++) {
        DocumentSnapshot s = store.snapshot(uri(i)).orElseThrow();
        TextPosition p = new TextPosition(random.nextInt(s.lineCount()), 2);
        store.change(uri(i), s.version() + 1, List.of(TextChange.ranged(p, p, "x")));
      }
      sink += store.snapshot(uri(i)).orElseThrow().content().length();
    }
    long edited = usedAfterGc();
    double[] kb = {
      (opened - base) / 1024.0 / docs,
      (read - base) / 1024.0 / docs,
      (edited - base) / 1024.0 / docs
    };
    System.out.printf(
        "run %d%s: retained per open document: opened %,.0f KB, read whole %,.0f KB, edited %,.0f KB"
            + " (sink %d)%n",
        run, run == 0 ? " (warm-up)" : "", kb[0], kb[1], kb[2], sink & 1);
    for (int i = 0; i < docs; i++) {
      store.close(uri(i));
    }
    return kb;
  }

  private static String uri(int i) {
    return "file:///bench/Doc" + i + ".java";
  }

  /** Used heap once full collections stop freeing anything. */
  private static long usedAfterGc() {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (used >= previous) {
        return Math.min(used, previous);
      }
      previous = used;
    }
    return previous;
  }
}

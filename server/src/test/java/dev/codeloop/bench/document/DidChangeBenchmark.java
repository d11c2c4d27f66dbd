package dev.codeloop.bench.document;

import dev.codeloop.document.DocumentText;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.document.TextChange;
import dev.codeloop.document.TextPosition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints timings of incremental didChange edits on a 20,000-line document. Not a unit test: run it
 * with {@code mvn -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.codeloop.bench.document.DidChangeBenchmark}.
 */
public final class DidChangeBenchmark {
  private static final int LINES = 20_000;
  private static final int EDITS = 10_000;
  private static final int WARMUP_RUNS = 10;
  private static final int MEASURED_RUNS = 15;
  private static final int QUERIES = 200_000;
  private static final long SEED = 42;

  private long sink;

  public static void main(String[] args) {
    new DidChangeBenchmark().run();
  }

  private void run() {
    String source = javaLikeDocument(LINES);
    DocumentText base = DocumentText.of(source);
    System.out.printf(
        "document: %,d lines, %,d chars, %,d UTF-8 bytes%n",
        base.lineCount(), base.length(), base.utf8Length());
    System.out.printf(
        "cores: %d, system load average at start: %.1f%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());

    List<List<TextChange>> random = randomTyping(base, new Random(SEED));
    List<List<TextChange>> clustered = clusteredTyping(base, new Random(SEED + 1));
    for (int i = 0; i < WARMUP_RUNS; i++) {
      sink += applyAll(base, random).length() + applyAll(base, clustered).length();
    }
    report("10,000 random single-char edits", base, random);
    report("10,000 clustered single-char edits", base, clustered);

    reportConstruction(source);
    DocumentText edited = applyAll(base, random);
    reportQueries(edited);
    reportToString(edited);
    System.out.printf("system load average at end: %.1f%n", loadAverage());
    System.out.println("(sink " + (sink & 0xff) + ")");
  }

  private void report(String name, DocumentText base, List<List<TextChange>> edits) {
    for (int i = 0; i < WARMUP_RUNS; i++) {
      sink += applyAll(base, edits).length();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] wallMs = new double[MEASURED_RUNS];
    double[] cpuMs = new double[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      DocumentText result = applyAll(base, edits);
      wallMs[i] = (System.nanoTime() - start) / 1e6;
      cpuMs[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
      sink += result.lineCount();
    }
    Arrays.sort(wallMs);
    Arrays.sort(cpuMs);
    System.out.printf(
        "%-36s wall: median %6.1f ms (%5.2f us/edit), min %6.1f, max %6.1f"
            + " | thread CPU: median %6.1f ms, min %6.1f%n",
        name,
        wallMs[wallMs.length / 2],
        wallMs[wallMs.length / 2] * 1000 / EDITS,
        wallMs[0],
        wallMs[wallMs.length - 1],
        cpuMs[cpuMs.length / 2],
        cpuMs[0]);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static DocumentText applyAll(DocumentText base, List<List<TextChange>> edits) {
    DocumentText current = base;
    for (List<TextChange> change : edits) {
      current = current.apply(change, PositionEncoding.UTF16);
    }
    return current;
  }

  private void reportConstruction(String source) {
    double[] ms = new double[MEASURED_RUNS];
    for (int i = 0; i < WARMUP_RUNS + MEASURED_RUNS; i++) {
      long start = System.nanoTime();
      DocumentText document = DocumentText.of(source);
      long elapsed = System.nanoTime() - start;
      sink += document.lineCount();
      if (i >= WARMUP_RUNS) {
        ms[i - WARMUP_RUNS] = elapsed / 1e6;
      }
    }
    Arrays.sort(ms);
    System.out.printf("DocumentText.of (whole text)         median %7.2f ms%n", ms[ms.length / 2]);
  }

  private void reportQueries(DocumentText document) {
    Random random = new Random(SEED + 2);
    int[] offsets = new int[QUERIES];
    TextPosition[] positions = new TextPosition[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      offsets[i] = random.nextInt(document.length() + 1);
      positions[i] = new TextPosition(random.nextInt(document.lineCount()), random.nextInt(60));
    }
    for (PositionEncoding enc : PositionEncoding.values()) {
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < QUERIES; i++) {
          sink += document.offsetAt(positions[i], enc);
        }
        long offsetAtNs = System.nanoTime() - start;
        start = System.nanoTime();
        for (int i = 0; i < QUERIES; i++) {
          sink += document.positionAt(offsets[i], enc).character();
        }
        long positionAtNs = System.nanoTime() - start;
        if (round == 2) {
          System.out.printf(
              "%-6s offsetAt %6.0f ns/op, positionAt %6.0f ns/op%n",
              enc.lspName(), (double) offsetAtNs / QUERIES, (double) positionAtNs / QUERIES);
        }
      }
    }
  }

  private void reportToString(DocumentText document) {
    int runs = 200;
    double[] us = new double[runs];
    double[] againUs = new double[runs];
    DocumentText current = document;
    for (int i = 0; i < WARMUP_RUNS * 20 + runs; i++) {
      current = current.replace(i * 31 % current.length(), i * 31 % current.length(), "x");
      long start = System.nanoTime();
      String text = current.toString();
      long first = System.nanoTime() - start;
      start = System.nanoTime();
      String again = current.toString();
      long second = System.nanoTime() - start;
      sink += text.length() + again.length();
      int index = i - WARMUP_RUNS * 20;
      if (index >= 0) {
        us[index] = first / 1e3;
        againUs[index] = second / 1e3;
      }
    }
    Arrays.sort(us);
    Arrays.sort(againUs);
    System.out.printf(
        "toString() after one edit: median %.0f us (first call), %.0f us (again: not cached, the"
            + " rope is the only copy)%n",
        us[runs / 2], againUs[runs / 2]);
  }

  /** Typing at random places: 80% single-char inserts, 20% single-char deletions. */
  private static List<List<TextChange>> randomTyping(DocumentText base, Random random) {
    List<List<TextChange>> edits = new ArrayList<>(EDITS);
    for (int i = 0; i < EDITS; i++) {
      int line = random.nextInt(base.lineCount());
      int character = random.nextInt(40);
      TextPosition at = new TextPosition(line, character);
      if (random.nextInt(5) == 0) {
        edits.add(List.of(TextChange.ranged(at, new TextPosition(line, character + 1), "")));
      } else {
        edits.add(List.of(TextChange.ranged(at, at, letter(random))));
      }
    }
    return edits;
  }

  /**
   * Typing in bursts: a cursor jumps to a random line every ~200 keystrokes, then types letters,
   * backspaces now and then and presses Enter at the end of words.
   */
  private static List<List<TextChange>> clusteredTyping(DocumentText base, Random random) {
    List<List<TextChange>> edits = new ArrayList<>(EDITS);
    int line = 0;
    int column = 0;
    for (int i = 0; i < EDITS; i++) {
      if (i % 200 == 0) {
        line = random.nextInt(base.lineCount() - 1);
        column = random.nextInt(20);
      }
      TextPosition at = new TextPosition(line, column);
      int key = random.nextInt(20);
      if (key == 0 && column > 0) {
        edits.add(List.of(TextChange.ranged(new TextPosition(line, column - 1), at, "")));
        column--;
      } else if (key == 1) {
        edits.add(List.of(TextChange.ranged(at, at, "\n")));
        line++;
        column = 0;
      } else {
        edits.add(List.of(TextChange.ranged(at, at, letter(random))));
        column++;
      }
    }
    return edits;
  }

  private static String letter(Random random) {
    return String.valueOf((char) ('a' + random.nextInt(26)));
  }

  private static String javaLikeDocument(int lines) {
    StringBuilder out = new StringBuilder(lines * 36);
    out.append("package dev.codeloop.sample;\n");
    int written = 1;
    int method = 0;
    while (written < lines) {
      out.append("  /** Computes value number ").append(method).append(". */\n");
      out.append("  public int compute").append(method).append("(int input) {\n");
      out.append("    int result = input * ").append(method).append(" + 1;\n");
      out.append("    if (result > 100) {\n");
      out.append("      return result - 100; // überlauf €\n");
      out.append("    }\n");
      out.append("    return result;\n");
      out.append("  }\n");
      written += 8;
      method++;
    }
    return out.toString();
  }
}

package dev.codeloop.bench.completion;

import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.handler.NullLanguageClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The same measurement as {@link CompletionBench} but end to end through JSON-RPC: a real session
 * from {@link ServerComponents} with the zero-latency gateway, an LSP4J client over piped streams,
 * timing {@code didChange} + {@code textDocument/inlineCompletion} as the client sees it (so it
 * includes both sides' JSON serialisation and the dispatch thread). Run with
 *
 * <pre>
 * mvn -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.completion.LspRoundTripBench -Dexec.args=3000
 * </pre>
 */
public final class LspRoundTripBench {
  private static final String REPLY = "computeTotal(values, index);";

  private LspRoundTripBench() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Path root = Files.createTempDirectory("codeloop-bench");
    try (ServerExecutors executors = new ServerExecutors(2, 2, 1)) {
      ServerComponents components =
          new ServerComponents(
              executors,
              new ZeroLatencyGateway(REPLY),
              Map.of("XDG_CONFIG_HOME", root.resolve(".config").toString()),
              "bench");
      PipedLspConnection connection = PipedLspConnection.open(components, new NullLanguageClient());
      LanguageServer server = connection.server();
      InitializeParams init = new InitializeParams();
      init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "bench")));
      TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
      text.setInlineCompletion(new InlineCompletionCapabilities());
      ClientCapabilities caps = new ClientCapabilities();
      caps.setTextDocument(text);
      init.setCapabilities(caps);
      init.setInitializationOptions(
          com.google.gson.JsonParser.parseString(
              "{\"settings\": {\"completion\": {\"debounceMs\": 0}}}"));
      server.initialize(init).get(30, TimeUnit.SECONDS);
      server.initialized(new InitializedParams());

      for (int i = 0; i < 3; i++) {
        String other = root.resolve("Other" + i + ".java").toUri().toString();
        server
            .getTextDocumentService()
            .didOpen(
                new DidOpenTextDocumentParams(
                    new TextDocumentItem(
                        other, "java", 1, CompletionBench.javaFile(800, "Other" + i))));
      }
      String uri = root.resolve("Big.java").toUri().toString();
      String[] lines = CompletionBench.javaFile(5000, "Big").split("\n", -1);
      int line = 2500;
      lines[line] = "    int total = ";
      server
          .getTextDocumentService()
          .didOpen(
              new DidOpenTextDocumentParams(
                  new TextDocumentItem(uri, "java", 1, String.join("\n", lines))));

      int[] version = {1};
      int[] length = {lines[line].length()};
      Runnable missRound =
          () -> {
            String newLine = "    int total" + version[0] + " = ";
            change(server, uri, ++version[0], line, 0, length[0], newLine);
            length[0] = newLine.length();
          };
      time(server, uri, iterations, line, length, missRound, "warm-up");
      long[] miss = time(server, uri, iterations, line, length, missRound, "miss");
      long[] hit = new long[iterations];
      int n = 0;
      while (n < iterations) {
        String base = "    int total = ";
        change(server, uri, ++version[0], line, 0, length[0], base);
        length[0] = base.length();
        ask(server, uri, line, length[0]);
        for (int k = 0; k < REPLY.length() - 1 && n < iterations; k++) {
          long start = System.nanoTime();
          change(server, uri, ++version[0], line, length[0], length[0], REPLY.substring(k, k + 1));
          length[0]++;
          String first = ask(server, uri, line, length[0]);
          hit[n++] = System.nanoTime() - start;
          if (!REPLY.substring(k + 1).equals(first)) {
            throw new IllegalStateException("no cache hit at " + k + ": " + first);
          }
        }
      }
      report("LSP round trip, miss (didChange + request)", miss);
      report("LSP round trip, cache hit (didChange + request)", hit);
      connection.close();
    }
  }

  private static long[] time(
      LanguageServer server,
      String uri,
      int iterations,
      int line,
      int[] length,
      Runnable edit,
      String label)
      throws Exception {
    long[] nanos = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      edit.run();
      String first = ask(server, uri, line, length[0]);
      nanos[i] = System.nanoTime() - start;
      if (first == null) {
        throw new IllegalStateException(label + ": no suggestion at " + i);
      }
    }
    return nanos;
  }

  private static void change(
      LanguageServer server, String uri, int version, int line, int from, int to, String text) {
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version),
                List.of(
                    new TextDocumentContentChangeEvent(
                        new Range(new Position(line, from), new Position(line, to)), text))));
  }

  private static String ask(LanguageServer server, String uri, int line, int character)
      throws Exception {
    CompletableFuture<String> f =
        server
            .getTextDocumentService()
            .inlineCompletion(
                new InlineCompletionParams(
                    new TextDocumentIdentifier(uri),
                    new Position(line, character),
                    new InlineCompletionContext(InlineCompletionTriggerKind.Automatic)))
            .thenApply(
                e -> {
                  var items = e.isRight() ? e.getRight().getItems() : e.getLeft();
                  return items.isEmpty() ? null : items.get(0).getInsertText().getLeft();
                });
    return f.get(30, TimeUnit.SECONDS);
  }

  private static void report(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-50s n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms%n",
        label,
        sorted.length,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.9)] / 1e6,
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6);
  }
}

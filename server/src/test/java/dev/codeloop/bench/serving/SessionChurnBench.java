package dev.codeloop.bench.serving;

import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Sessions come and go on one backend, as editors connect to a {@code --tcp} server and leave: each
 * initializes, opens documents, asks for the completion menu (embedded model, no model configured)
 * and exits without closing them (editors do). Prints, every {@code step} sessions, the live
 * threads and the heap used after a full collection: neither may grow with the number of sessions
 * served.
 *
 * <pre>
 * java -cp server/target/test-classes:server/target/classes:$(cat /tmp/cp.txt) \
 *     dev.codeloop.bench.serving.SessionChurnBench 300
 * </pre>
 */
public final class SessionChurnBench {
  private SessionChurnBench() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int step = Math.max(1, sessions / 10);
    Path root = Files.createTempDirectory("codeloop-churn");
    Path home = Files.createTempDirectory("codeloop-churn-home");
    for (int i = 0; i < 20; i++) {
      Files.writeString(
          root.resolve("Part" + i + ".java"),
          "class Part" + i + " {\n  int size" + i + "() { return " + i + " * 2; }\n}\n");
    }
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME", home.resolve("config").toString(),
            "XDG_CACHE_HOME", home.resolve("cache").toString(),
            "CODELOOP_ANSWERS_DIR", home.resolve("answers").toString());
    ServerComponents components =
        ServerComponents.production(ServerExecutors.defaults(), env, "bench", log -> {});
    try {
      for (int s = 1; s <= sessions; s++) {
        try (PipedLspConnection c =
            PipedLspConnection.open(
                components, new dev.codeloop.lsp.handler.NullLanguageClient())) {
          LanguageServer server = c.server();
          InitializeParams init = new InitializeParams();
          init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "root")));
          init.setCapabilities(new org.eclipse.lsp4j.ClientCapabilities());
          server.initialize(init).get(30, TimeUnit.SECONDS);
          server.initialized(new InitializedParams());
          for (int d = 0; d < 5; d++) {
            String uri = root.resolve("Open" + s + "_" + d + ".java").toUri().toString();
            String text =
                "class Open"
                    + s
                    + "_"
                    + d
                    + " {\n  int count"
                    + d
                    + " = 0;\n  void run() {\n    co\n  }\n}\n";
            server
                .getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", 1, text)));
            server
                .getTextDocumentService()
                .completion(
                    new CompletionParams(new TextDocumentIdentifier(uri), new Position(3, 6)))
                .get(30, TimeUnit.SECONDS);
          }
          server.shutdown().get(30, TimeUnit.SECONDS);
          server.exit();
          c.awaitSessionEnd(5_000);
        }
        if (s % step == 0 || s == 1) {
          System.gc();
          Thread.sleep(300);
          System.gc();
          long used =
              ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
          java.util.Map<String, Long> byName =
              Thread.getAllStackTraces().keySet().stream()
                  .collect(
                      java.util.stream.Collectors.groupingBy(
                          t -> t.getName().replaceAll("[-#]?\\d+$", ""),
                          java.util.TreeMap::new,
                          java.util.stream.Collectors.counting()));
          System.out.printf(
              "after %4d sessions: %3d live threads, heap used after GC %4d MB; threads %s%n",
              s, Thread.activeCount(), used, byName);
        }
      }
    } finally {
      components.close();
    }
    System.exit(0);
  }
}

package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.TrieModel;
import dev.codeloop.model.embedded.lm.TrieModelBuilder;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a rebuild of the static model holds: builds the trie of {@code java.base} (4.06 M tokens,
 * pruned as the server prunes a model that size), then builds it again while the first is still
 * referenced, as the server rebuilds while the old trie serves. Run it under decreasing {@code
 * -Xmx} (with the launcher's GC flags) to find the smallest heap the rebuild fits in: it prints
 * {@code OK} when it did. The corpus is lexed once into {@code -Dtokens} (a file of encoded tokens)
 * by {@code -Dwrite=true}, so that the lexer's token lists are not what bounds the heap.
 *
 * <pre>
 * -Dtokens=/tmp/java-base.tokens -Dwrite=true   lex java.base and write the file (any heap)
 * -Dtokens=/tmp/java-base.tokens [-Dsized=true]  build twice; -Dsized=false: the second build is
 *                                                not told what the first counted (a first build)
 * </pre>
 */
public final class TrieRebuildBench {
  private TrieRebuildBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(System.getProperty("tokens", "/tmp/java-base.tokens"));
    if (Boolean.getBoolean("write")) {
      Vocabulary vocabulary = new Vocabulary();
      TokenEncoder encoder = new TokenEncoder(vocabulary);
      List<JdkCorpus.SourceFile> files = JdkCorpus.read(List.of("java.base/"));
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        out.writeInt(files.size());
        for (JdkCorpus.SourceFile f : files) {
          int[] encoded = encoder.encode(f.tokens(), true);
          out.writeInt(encoded.length);
          for (int t : encoded) {
            out.writeInt(t);
          }
        }
        out.writeInt(vocabulary.size());
      }
      System.out.printf(Locale.ROOT, "wrote %s: %d files%n", file, files.size());
      return;
    }
    List<int[]> documents = new ArrayList<>();
    long tokens = 0;
    int vocabularySize;
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        int[] encoded = new int[in.readInt()];
        for (int j = 0; j < encoded.length; j++) {
          encoded[j] = in.readInt();
        }
        documents.add(encoded);
        tokens += encoded.length;
      }
      vocabularySize = in.readInt();
    }
    boolean sized = Boolean.parseBoolean(System.getProperty("sized", "true"));
    TrieModelBuilder builder = new TrieModelBuilder(4, true);
    TrieModelBuilder.Built first = builder.build(documents, vocabularySize, null);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long live = rt.totalMemory() - rt.freeMemory();
    long start = System.nanoTime();
    TrieModel second =
        builder.build(documents, vocabularySize, sized ? first.sizes() : null).trie();
    System.out.printf(
        Locale.ROOT,
        "OK: %d documents, %d tokens, %d nodes (%d again), %.1f MB live before the rebuild,"
            + " rebuilt in %.0f ms%s%n",
        documents.size(),
        tokens,
        first.trie().nodes(),
        second.nodes(),
        live / 1e6,
        (System.nanoTime() - start) / 1e6,
        sized ? "" : " (not sized)");
  }
}

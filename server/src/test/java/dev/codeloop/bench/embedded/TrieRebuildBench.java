package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.lm.ModelCodec;
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
 * What a rebuild of the static model holds: the trie of {@code java.base} (4.06 M tokens, pruned as
 * the server prunes a model that size) rebuilt while the previous one is still referenced, as the
 * server rebuilds while the old trie serves. Run it under decreasing {@code -Xmx} (with the
 * launcher's GC flags) to find the smallest heap the rebuild fits in: it prints {@code OK} when it
 * did. {@code -Dwrite=true} lexes the corpus once and writes its tokens, the first build's trie and
 * what that build counted into {@code -Dtokens}, so that neither the lexer's token lists nor the
 * first build bound the heap of the measured run.
 *
 * <pre>
 * -Dtokens=/tmp/java-base.tokens -Dwrite=true   lex java.base, build once, write the file
 * -Dtokens=/tmp/java-base.tokens [-Dsized=true]  load the trie, rebuild it; -Dsized=false: the
 *                                                rebuild is not told what the first build counted
 * </pre>
 */
public final class TrieRebuildBench {
  private TrieRebuildBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(System.getProperty("tokens", "/tmp/java-base.tokens"));
    TrieModelBuilder builder = new TrieModelBuilder(Integer.getInteger("order", 4), true);
    if (Boolean.getBoolean("write")) {
      Vocabulary vocabulary = new Vocabulary();
      TokenEncoder encoder = new TokenEncoder(vocabulary);
      List<int[]> documents = new ArrayList<>();
      for (JdkCorpus.SourceFile f : JdkCorpus.read(List.of("java.base/"))) {
        documents.add(encoder.encode(f.tokens(), true));
      }
      TrieModelBuilder.Built first = builder.build(documents, vocabulary.size(), null);
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        out.writeInt(vocabulary.size());
        out.writeInt(documents.size());
        for (int[] encoded : documents) {
          ModelCodec.writeInts(out, encoded);
        }
        TrieModelBuilder.Sizes sizes = first.sizes();
        out.writeLong(sizes.positions());
        out.writeBoolean(sizes.pruned());
        out.writeInt(sizes.nodes());
        out.writeInt(sizes.contexts());
        ModelCodec.writeInts(out, sizes.counted());
        ModelCodec.writeTrie(out, first.trie());
      }
      System.out.printf(Locale.ROOT, "wrote %s: %d files%n", file, documents.size());
      return;
    }
    List<int[]> documents = new ArrayList<>();
    long tokens = 0;
    int vocabularySize;
    TrieModel first;
    TrieModelBuilder.Sizes sizes;
    boolean letGo = Boolean.getBoolean("letGo");
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      vocabularySize = in.readInt();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        int[] encoded = ModelCodec.readInts(in);
        documents.add(encoded);
        tokens += encoded.length;
      }
      sizes =
          new TrieModelBuilder.Sizes(
              in.readLong(), in.readBoolean(), in.readInt(), in.readInt(), ModelCodec.readInts(in));
      // the server lets large counts go before it rebuilds them: -DletGo=true leaves them unread
      first = letGo ? null : ModelCodec.readTrie(in);
    }
    boolean sized = Boolean.parseBoolean(System.getProperty("sized", "true"));
    int firstNodes = sizes.nodes();
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long live = rt.totalMemory() - rt.freeMemory();
    long start = System.nanoTime();
    TrieModel second = builder.build(documents, vocabularySize, sized ? sizes : null).trie();
    System.out.printf(
        Locale.ROOT,
        "OK: %d documents, %d tokens, %d nodes (%d again), %.1f MB live before the rebuild,"
            + " rebuilt in %.0f ms%s%s%n",
        documents.size(),
        tokens,
        firstNodes,
        second.nodes(),
        live / 1e6,
        (System.nanoTime() - start) / 1e6,
        sized ? "" : " (not sized)",
        first == null ? " (the counts before let go)" : "");
  }
}

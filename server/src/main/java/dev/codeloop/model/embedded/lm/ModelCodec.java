package dev.codeloop.model.embedded.lm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Binary (de)serialisation of vocabularies and tries, for the persisted model cache. */
public final class ModelCodec {
  private ModelCodec() {}

  public static void writeVocabulary(DataOutputStream out, Vocabulary vocab) throws IOException {
    int n = vocab.size();
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeUTF(vocab.word(i));
    }
  }

  public static Vocabulary readVocabulary(DataInputStream in) throws IOException {
    Vocabulary vocab = new Vocabulary();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      int id = vocab.id(in.readUTF());
      if (id != i) {
        throw new IOException("corrupt vocabulary at " + i);
      }
    }
    return vocab;
  }

  public static void writeTrie(DataOutputStream out, TrieModel trie) throws IOException {
    out.writeInt(trie.order());
    out.writeInt(trie.vocabSize());
    // the arrays the trie keeps short of its top level are written whole, as before that
    int nodes = trie.words().length;
    writeInts(out, trie.words());
    writeInts(out, trie.counts());
    writeInts(out, trie.childStarts(), nodes + 1, nodes);
    writeInts(out, trie.childSums(), nodes, 0);
    writeInts(out, trie.lineEndCounts());
    writeInts(out, trie.levelStarts());
    double[] d = trie.discounts();
    out.writeInt(d.length);
    for (double v : d) {
      out.writeDouble(v);
    }
    writeInts(out, trie.continuations(), nodes, 0);
    writeInts(out, trie.continuationSums(), nodes, 0);
    writeInts(out, trie.continuationTypeCounts(), nodes, 0);
  }

  public static TrieModel readTrie(DataInputStream in) throws IOException {
    int order = in.readInt();
    int vocabSize = in.readInt();
    int[] word = readInts(in);
    int[] count = readInts(in);
    int[] childStart = readInts(in);
    int[] childSum = readInts(in);
    int[] lineEnds = readInts(in);
    int[] levelStart = readInts(in);
    double[] d = new double[in.readInt()];
    for (int i = 0; i < d.length; i++) {
      d[i] = in.readDouble();
    }
    int[] cont = readInts(in);
    int[] contSum = readInts(in);
    int[] contTypes = readInts(in);
    if (childStart.length != word.length + 1
        || count.length != word.length
        || cont.length != word.length
        || contSum.length != word.length
        || contTypes.length != word.length) {
      throw new IOException("corrupt trie");
    }
    return new TrieModel(
        order,
        vocabSize,
        word,
        count,
        childStart,
        childSum,
        lineEnds,
        levelStart,
        d,
        cont,
        contSum,
        contTypes);
  }

  public static void writeInts(DataOutputStream out, int[] a) throws IOException {
    writeInts(out, a, a.length, 0);
  }

  /** Writes {@code a} as an array of {@code length} ints, {@code fill} after its own. */
  static void writeInts(DataOutputStream out, int[] a, int length, int fill) throws IOException {
    out.writeInt(length);
    byte[] buf = new byte[8192];
    int p = 0;
    for (int i = 0; i < length; i++) {
      int v = i < a.length ? a[i] : fill;
      if (p == buf.length) {
        out.write(buf, 0, p);
        p = 0;
      }
      buf[p++] = (byte) (v >>> 24);
      buf[p++] = (byte) (v >>> 16);
      buf[p++] = (byte) (v >>> 8);
      buf[p++] = (byte) v;
    }
    out.write(buf, 0, p);
  }

  public static int[] readInts(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 500_000_000) {
      throw new IOException("corrupt array length " + n);
    }
    int[] a = new int[n];
    byte[] buf = new byte[8192];
    int i = 0;
    while (i < n) {
      int chunk = Math.min(buf.length, (n - i) * 4);
      in.readFully(buf, 0, chunk);
      for (int p = 0; p < chunk; p += 4) {
        a[i++] =
            ((buf[p] & 0xFF) << 24)
                | ((buf[p + 1] & 0xFF) << 16)
                | ((buf[p + 2] & 0xFF) << 8)
                | (buf[p + 3] & 0xFF);
      }
    }
    return a;
  }
}

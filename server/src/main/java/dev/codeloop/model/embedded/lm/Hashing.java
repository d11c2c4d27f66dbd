package dev.codeloop.model.embedded.lm;

/** 64-bit hashing of token sequences for the hashed count tables. */
final class Hashing {
  static final long ROOT = 0x6A09E667F3BCC909L;

  private Hashing() {}

  /** Hash of the sequence {@code seq + word} given the hash of {@code seq}. */
  static long extend(long seqHash, int word) {
    long x = seqHash ^ ((word + 1L) * 0x9E3779B97F4A7C15L);
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    x ^= x >>> 31;
    return x == 0 ? 1 : x;
  }
}

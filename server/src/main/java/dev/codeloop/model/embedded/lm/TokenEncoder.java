package dev.codeloop.model.embedded.lm;

import dev.codeloop.model.embedded.lex.Token;
import java.util.List;

/** Turns significant tokens into encoded model ids (see {@link TokenCodec}). */
public final class TokenEncoder {
  private final Vocabulary vocabulary;

  public TokenEncoder(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /**
   * Encodes {@code tokens} (significant tokens only), flagging the last token of each source line.
   *
   * @param grow whether unseen tokens get new ids (else they become {@code <unk>})
   */
  public int[] encode(List<Token> tokens, boolean grow) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      Token t = tokens.get(i);
      String text = t.modelText();
      int id = grow ? vocabulary.id(text) : vocabulary.lookup(text);
      boolean lineEnd = i + 1 == out.length || tokens.get(i + 1).line() > lastLine(t);
      out[i] = TokenCodec.encode(id, lineEnd);
    }
    return out;
  }

  private static int lastLine(Token t) {
    int line = t.line();
    String s = t.text();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Plain ids without flags. */
  public static int[] words(int[] encoded) {
    int[] out = new int[encoded.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = TokenCodec.word(encoded[i]);
    }
    return out;
  }
}

package dev.codeloop.model.embedded.lex;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A fast hand-written lexer configurable per language family. It never fails: unknown characters
 * become single-character operator tokens and unterminated literals/comments run to the end of the
 * input.
 */
public final class CodeLexer {

  private static final String[] OPERATORS = {
    ">>>=", "<<=", ">>=", ">>>", "...", "**=", "//=", "===", "!==", "->", "=>", "::", "++", "--",
    "&&", "||", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>",
    "**", ":=", "<-", "??", "?.", "//"
  };

  private final Language language;

  public CodeLexer(Language language) {
    this.language = language;
  }

  public Language language() {
    return language;
  }

  /** All tokens, including whitespace, newlines, indentation and comments. */
  public List<Token> tokenize(CharSequence src) {
    List<Token> out = new ArrayList<>(src.length() / 4 + 4);
    Scanner s = new Scanner(src, out);
    s.run();
    return out;
  }

  /** Only the tokens the language model sees. */
  public List<Token> significantTokens(CharSequence src) {
    return significant(tokenize(src));
  }

  /** The tokens of {@code all} the language model sees, in order. */
  public static List<Token> significant(List<Token> all) {
    List<Token> out = new ArrayList<>(all.size());
    for (Token t : all) {
      if (t.kind().significant()) {
        out.add(t);
      }
    }
    return out;
  }

  private final class Scanner {
    private final CharSequence src;
    private final List<Token> out;
    private final int n;
    private int pos;
    private int line;
    private boolean lineStart = true;

    Scanner(CharSequence src, List<Token> out) {
      this.src = src;
      this.out = out;
      this.n = src.length();
    }

    void run() {
      while (pos < n) {
        char c = src.charAt(pos);
        int start = pos;
        if (c == '\n' || c == '\r') {
          pos += (c == '\r' && pos + 1 < n && src.charAt(pos + 1) == '\n') ? 2 : 1;
          emit(TokenKind.NEWLINE, start);
          line++;
          lineStart = true;
          continue;
        }
        if (c == ' ' || c == '\t' || c == '\f') {
          while (pos < n
              && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t' || src.charAt(pos) == '\f')) {
            pos++;
          }
          emit(lineStart ? TokenKind.INDENT : TokenKind.WHITESPACE, start);
          continue;
        }
        lineStart = false;
        if (comment(c)) {
          continue;
        }
        if (Character.isJavaIdentifierStart(c) || c == '$') {
          identifierOrPrefixedString(start);
        } else if (Character.isDigit(c)
            || (c == '.' && pos + 1 < n && Character.isDigit(src.charAt(pos + 1)))) {
          number(start);
        } else if (c == '"' || c == '`' || (c == '\'' && !charLiterals())) {
          string(start);
        } else if (c == '\'') {
          charOrLifetime(start);
        } else {
          operator(start);
        }
      }
    }

    private boolean charLiterals() {
      return language == Language.JAVA
          || language == Language.C
          || language == Language.RUST
          || language == Language.GO;
    }

    private boolean comment(char c) {
      Language.Syntax syntax = language.syntax();
      boolean slashes = syntax != Language.Syntax.HASH_COMMENT;
      boolean hash = syntax != Language.Syntax.C_LIKE;
      int start = pos;
      if (slashes && c == '/' && pos + 1 < n) {
        char d = src.charAt(pos + 1);
        if (d == '/') {
          toLineEnd();
          emit(TokenKind.COMMENT, start);
          return true;
        }
        if (d == '*') {
          int close = indexOf("*/", pos + 2);
          int end = close < 0 ? n : close + 2;
          countLines(pos, end);
          pos = end;
          emit(TokenKind.COMMENT, start);
          return true;
        }
      }
      if (hash && c == '#') {
        toLineEnd();
        emit(TokenKind.COMMENT, start);
        return true;
      }
      return false;
    }

    private void toLineEnd() {
      while (pos < n && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
        pos++;
      }
    }

    private void identifierOrPrefixedString(int start) {
      while (pos < n
          && (Character.isJavaIdentifierPart(src.charAt(pos)) || src.charAt(pos) == '$')) {
        pos++;
      }
      int len = pos - start;
      if (pos < n && len <= 2 && isStringPrefix(start, len)) {
        char q = src.charAt(pos);
        if (q == '"' || q == '\'' || (q == '#' && language == Language.RUST)) {
          string(start);
          return;
        }
      }
      if (language == Language.RUST && pos < n && src.charAt(pos) == '!') {
        pos++; // macro invocation: println!
      }
      String text = src.subSequence(start, pos).toString();
      out.add(
          new Token(
              language.isKeyword(text) ? TokenKind.KEYWORD : TokenKind.IDENTIFIER,
              text,
              start,
              line));
    }

    private boolean isStringPrefix(int start, int len) {
      String prefixes =
          switch (language) {
            case PYTHON -> "rbfuRBFU";
            case RUST -> "rb";
            case C -> "LuU8R";
            default -> "";
          };
      for (int i = start; i < start + len; i++) {
        if (prefixes.indexOf(src.charAt(i)) < 0) {
          return false;
        }
      }
      return len > 0;
    }

    private void number(int start) {
      boolean hex =
          src.charAt(pos) == '0'
              && pos + 1 < n
              && (src.charAt(pos + 1) == 'x' || src.charAt(pos + 1) == 'X');
      while (pos < n) {
        char c = src.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '_') {
          pos++;
          if (!hex
              && (c == 'e' || c == 'E')
              && pos < n
              && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
            pos++;
          }
        } else if (c == '.' && pos + 1 < n && Character.isDigit(src.charAt(pos + 1))) {
          pos++;
        } else if (c == '.'
            && !(pos + 1 < n
                && (src.charAt(pos + 1) == '.'
                    || Character.isJavaIdentifierStart(src.charAt(pos + 1))))) {
          pos++; // 1. (trailing dot of a double literal)
        } else {
          break;
        }
      }
      emit(TokenKind.NUMBER, start);
    }

    private void string(int start) {
      while (pos < n
          && src.charAt(pos) != '"'
          && src.charAt(pos) != '\''
          && src.charAt(pos) != '`'
          && src.charAt(pos) != '#') {
        pos++; // skip prefix letters
      }
      int hashes = 0;
      while (pos < n && src.charAt(pos) == '#') {
        hashes++;
        pos++;
      }
      if (pos >= n) {
        emit(TokenKind.STRING, start);
        return;
      }
      char q = src.charAt(pos);
      boolean triple =
          pos + 2 < n
              && src.charAt(pos + 1) == q
              && src.charAt(pos + 2) == q
              && (q == '"' || (q == '\'' && language == Language.PYTHON));
      boolean raw =
          hashes > 0
              || q == '`'
              || (start < pos && (src.charAt(start) == 'r' || src.charAt(start) == 'R'));
      if (triple) {
        String close = String.valueOf(q).repeat(3);
        int end = indexOf(close, pos + 3);
        end = end < 0 ? n : end + 3;
        countLines(pos, end);
        pos = end;
        emit(TokenKind.STRING, start);
        return;
      }
      pos++;
      while (pos < n) {
        char c = src.charAt(pos);
        if (c == '\\' && !raw) {
          pos += 2;
          continue;
        }
        if ((c == '\n' || c == '\r') && q != '`' && hashes == 0) {
          break; // unterminated single-line literal
        }
        if (c == '\n') {
          line++;
        }
        pos++;
        if (c == q) {
          int h = 0;
          while (h < hashes && pos < n && src.charAt(pos) == '#') {
            h++;
            pos++;
          }
          if (h == hashes) {
            break;
          }
        }
      }
      pos = Math.min(pos, n);
      emit(TokenKind.STRING, start);
    }

    private void charOrLifetime(int start) {
      if (language == Language.RUST
          && pos + 2 < n
          && Character.isJavaIdentifierStart(src.charAt(pos + 1))
          && src.charAt(pos + 2) != '\'') {
        pos++;
        while (pos < n && Character.isJavaIdentifierPart(src.charAt(pos))) {
          pos++;
        }
        emit(TokenKind.IDENTIFIER, start);
        return;
      }
      pos++;
      while (pos < n) {
        char c = src.charAt(pos);
        if (c == '\\') {
          pos += 2;
          continue;
        }
        if (c == '\n' || c == '\r') {
          break;
        }
        pos++;
        if (c == '\'') {
          break;
        }
      }
      pos = Math.min(pos, n);
      emit(TokenKind.CHAR, start);
    }

    private void operator(int start) {
      for (String op : OPERATORS) {
        if (regionMatches(op) && allowed(op)) {
          pos += op.length();
          emit(TokenKind.OPERATOR, start);
          return;
        }
      }
      pos++;
      emit(TokenKind.OPERATOR, start);
    }

    private boolean allowed(String op) {
      return switch (op) {
        case "//", "//=", "**=" -> language == Language.PYTHON;
        case "**" -> language == Language.PYTHON || language == Language.JAVASCRIPT;
        case ":=", "<-" -> language == Language.GO || language == Language.PYTHON;
        case "===", "!==", "??", "?.", "=>" ->
            language == Language.JAVASCRIPT
                || language == Language.RUST && op.equals("=>")
                || language == Language.GENERIC;
        case ">>>", ">>>=" -> language == Language.JAVA || language == Language.JAVASCRIPT;
        default -> true;
      };
    }

    private boolean regionMatches(String op) {
      if (pos + op.length() > n) {
        return false;
      }
      for (int i = 0; i < op.length(); i++) {
        if (src.charAt(pos + i) != op.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private int indexOf(String needle, int from) {
      outer:
      for (int i = from; i + needle.length() <= n; i++) {
        for (int j = 0; j < needle.length(); j++) {
          if (src.charAt(i + j) != needle.charAt(j)) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private void countLines(int from, int to) {
      for (int i = from; i < to; i++) {
        if (src.charAt(i) == '\n') {
          line++;
        }
      }
    }

    private void emit(TokenKind kind, int start) {
      int startLine = line;
      if (kind == TokenKind.COMMENT || kind == TokenKind.STRING) {
        for (int i = start; i < pos; i++) {
          if (src.charAt(i) == '\n') {
            startLine--;
          }
        }
      }
      out.add(new Token(kind, text(start), start, startLine));
    }

    /**
     * The text of {@code src[start, pos)}: one shared string for a single ASCII character, a line
     * break or a run of up to 64 spaces (most of a file's tokens), a new one for the rest.
     */
    private String text(int start) {
      int length = pos - start;
      if (length == 0) {
        return "";
      }
      char c = src.charAt(start);
      if (length == 1 && c < ONE_CHARACTER.size()) {
        return ONE_CHARACTER.get(c);
      }
      if (length == 2 && c == '\r' && src.charAt(start + 1) == '\n') {
        return "\r\n";
      }
      if (c == ' ' && length < SPACES.size()) {
        int i = start + 1;
        while (i < pos && src.charAt(i) == ' ') {
          i++;
        }
        if (i == pos) {
          return SPACES.get(length);
        }
      }
      return src.subSequence(start, pos).toString();
    }
  }

  /** Each ASCII character as a string, shared by every token that is just that character. */
  private static final List<String> ONE_CHARACTER =
      IntStream.range(0, 128).mapToObj(c -> String.valueOf((char) c)).toList();

  /** Runs of spaces as strings, by length. */
  private static final List<String> SPACES =
      IntStream.rangeClosed(0, 64).mapToObj(" "::repeat).toList();
}

package dev.codeloop.completion.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written, line-based extractor of imports and top-level-ish definitions for Java, Python,
 * JavaScript/TypeScript, Go and Rust (other languages get a union of the rules). Good enough to
 * show a model the signature of what the cursor refers to; not a parser.
 */
public final class CodeStructure {
  /** A definition: its name, 0-based line and signature text (the declaration line). */
  public record Definition(String name, int line, String signature) {}

  /** How many lines from the top of a file are searched for imports. */
  public static final int IMPORT_SCAN_LINES = 250;

  private static final Pattern JAVA_IMPORT =
      Pattern.compile("^\\s*(?:import|package)\\s+[\\w.*\\s]+;");
  private static final Pattern PY_IMPORT =
      Pattern.compile("^\\s*(?:from\\s+\\S+\\s+)?import\\s+\\S.*");
  private static final Pattern JS_IMPORT =
      Pattern.compile(
          "^\\s*(?:import\\s.+|(?:const|let|var)\\s+.+=\\s*require\\(.+\\).*|export\\s+.+\\sfrom\\s.+)");
  private static final Pattern GO_IMPORT =
      Pattern.compile("^\\s*(?:import\\s.*|\"[\\w./-]+\"\\s*|\\)\\s*|package\\s+\\w+)");
  private static final Pattern RUST_IMPORT =
      Pattern.compile("^\\s*(?:pub\\s+)?(?:use|mod|extern crate)\\s+.+;");

  /** Other languages: any of the Java, Python and Rust forms. */
  private static final Pattern ANY_IMPORT =
      Pattern.compile(
          "(?:"
              + JAVA_IMPORT.pattern()
              + ")|(?:"
              + PY_IMPORT.pattern()
              + ")|(?:"
              + RUST_IMPORT.pattern()
              + ")");

  private static final Pattern JAVA_DEF =
      Pattern.compile(
          "^\\s*(?:(?:public|protected|private|static|final|abstract|sealed|default|synchronized|native)\\s+)*"
              + "(?:(?:class|interface|enum|record|@interface)\\s+(\\w+)"
              + "|(?:<[^>]+>\\s*)?[\\w.<>\\[\\],? ]+\\s+(\\w+)\\s*\\([^;]*$)");
  private static final Pattern PY_DEF =
      Pattern.compile("^\\s*(?:async\\s+)?(?:def|class)\\s+(\\w+)");
  private static final Pattern JS_DEF =
      Pattern.compile(
          "^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?"
              + "(?:function\\*?|class|interface|type|enum|const|let)\\s+(\\w+)");
  private static final Pattern GO_DEF =
      Pattern.compile("^(?:func\\s+(?:\\([^)]*\\)\\s*)?(\\w+)|type\\s+(\\w+))");
  private static final Pattern RUST_DEF =
      Pattern.compile(
          "^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?(?:async\\s+)?(?:unsafe\\s+)?(?:fn|struct|enum|trait|type|impl(?:<[^>]*>)?)\\s+(\\w+)");

  private CodeStructure() {}

  /** The import (and package) lines near the top of a file, in order. */
  public static List<String> imports(String text, String language) {
    return imports(text, language, text.length());
  }

  /**
   * The import lines that end before {@code endOffset} (e.g. those that fell out of the prefix).
   */
  public static List<String> imports(String text, String language, int endOffset) {
    return imports(text, language, endOffset, true);
  }

  /** As {@link #imports(String, String, int)}; without the keyword filter (tests pin equality). */
  static List<String> imports(String text, String language, int endOffset, boolean keywordFilter) {
    // one matcher over the text, moved from line to line: a substring and a matcher per line of
    // the document's head made this scan a sixth of a completion's allocation
    Matcher m = importPattern(language).matcher(text);
    String[] keywords = importKeywords(language);
    boolean go = language.equals("go");
    List<String> out = new ArrayList<>();
    int start = 0;
    boolean inGoBlock = false;
    for (int n = 0; n < IMPORT_SCAN_LINES && start < text.length(); n++) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      if (end > endOffset) {
        break;
      }
      int lineEnd = end; // the line without trailing white space, as String.stripTrailing
      while (lineEnd > start && Character.isWhitespace(text.charAt(lineEnd - 1))) {
        lineEnd--;
      }
      if (go) {
        String line = text.substring(start, lineEnd);
        if (line.startsWith("import (")) {
          inGoBlock = true;
        }
        if (inGoBlock || line.startsWith("import ") || line.startsWith("package ")) {
          out.add(line);
        }
        if (inGoBlock && line.strip().equals(")")) {
          inGoBlock = false;
        }
      } else if ((!keywordFilter || startsWithKeyword(text, start, lineEnd, keywords))
          && m.region(start, lineEnd).matches()) {
        out.add(text.substring(start, lineEnd));
      }
      start = end + 1;
    }
    return out;
  }

  /** Definitions found line by line in the whole text. */
  public static List<Definition> definitions(String text, String language) {
    List<Pattern> patterns = definitionPatterns(language);
    List<Definition> out = new ArrayList<>();
    int start = 0;
    for (int line = 0; start <= text.length(); line++) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      if (end - start > 3 && end - start < 400) {
        String l = text.substring(start, end);
        for (Pattern p : patterns) {
          Matcher m = p.matcher(l);
          if (m.find()) {
            String name = firstGroup(m);
            if (name != null && !isKeyword(name)) {
              out.add(new Definition(name, line, l.strip()));
              break;
            }
          }
        }
      }
      start = end + 1;
    }
    return out;
  }

  private static String firstGroup(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return null;
  }

  private static boolean isKeyword(String s) {
    return switch (s) {
      case "if",
          "for",
          "while",
          "switch",
          "catch",
          "return",
          "new",
          "else",
          "synchronized",
          "try" ->
          true;
      default -> false;
    };
  }

  private static Pattern importPattern(String language) {
    return switch (family(language)) {
      case "java" -> JAVA_IMPORT;
      case "python" -> PY_IMPORT;
      case "js" -> JS_IMPORT;
      case "go" -> GO_IMPORT;
      case "rust" -> RUST_IMPORT;
      default -> ANY_IMPORT;
    };
  }

  /**
   * The words one of which every line the language's import pattern matches starts with, after
   * white space: a line without one is skipped before the pattern is tried (it cannot match), which
   * made the import scan of a document's head a tenth of a completion's CPU.
   */
  private static String[] importKeywords(String language) {
    return switch (family(language)) {
      case "java" -> new String[] {"import", "package"};
      case "python" -> new String[] {"from", "import"};
      case "js" -> new String[] {"import", "const", "let", "var", "export"};
      case "rust" -> new String[] {"pub", "use", "mod", "extern"};
      default -> new String[] {"import", "package", "from", "pub", "use", "mod", "extern"};
    };
  }

  /**
   * Whether {@code text[start, end)} starts, after the white space of the patterns' {@code \s*},
   * with one of {@code keywords}.
   */
  private static boolean startsWithKeyword(String text, int start, int end, String[] keywords) {
    int i = start;
    while (i < end && isPatternSpace(text.charAt(i))) {
      i++;
    }
    for (String k : keywords) {
      if (end - i >= k.length() && text.startsWith(k, i)) {
        return true;
      }
    }
    return false;
  }

  /** The characters of the regex class {@code \s} (without UNICODE_CHARACTER_CLASS). */
  private static boolean isPatternSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static List<Pattern> definitionPatterns(String language) {
    return switch (family(language)) {
      case "java" -> List.of(JAVA_DEF);
      case "python" -> List.of(PY_DEF);
      case "js" -> List.of(JS_DEF);
      case "go" -> List.of(GO_DEF);
      case "rust" -> List.of(RUST_DEF);
      default -> List.of(PY_DEF, JS_DEF, GO_DEF, RUST_DEF);
    };
  }

  static String family(String language) {
    return switch (language) {
      case "java", "kotlin" -> "java";
      case "python" -> "python";
      case "javascript", "javascriptreact", "typescript", "typescriptreact" -> "js";
      case "go" -> "go";
      case "rust" -> "rust";
      default -> "other";
    };
  }
}

package dev.codeloop.model.embedded.lex;

import java.util.Locale;
import java.util.Set;

/** The language families the embedded model tokenizes. Each family gets its own model. */
public enum Language {
  JAVA(
      Syntax.C_LIKE,
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "var",
          "record",
          "yield",
          "sealed",
          "permits",
          "true",
          "false",
          "null")),
  PYTHON(
      Syntax.HASH_COMMENT,
      Set.of(
          "False",
          "None",
          "True",
          "and",
          "as",
          "assert",
          "async",
          "await",
          "break",
          "class",
          "continue",
          "def",
          "del",
          "elif",
          "else",
          "except",
          "finally",
          "for",
          "from",
          "global",
          "if",
          "import",
          "in",
          "is",
          "lambda",
          "nonlocal",
          "not",
          "or",
          "pass",
          "raise",
          "return",
          "try",
          "while",
          "with",
          "yield",
          "match",
          "case")),
  JAVASCRIPT(
      Syntax.C_LIKE,
      Set.of(
          "break",
          "case",
          "catch",
          "class",
          "const",
          "continue",
          "debugger",
          "default",
          "delete",
          "do",
          "else",
          "export",
          "extends",
          "finally",
          "for",
          "function",
          "if",
          "import",
          "in",
          "instanceof",
          "new",
          "return",
          "super",
          "switch",
          "this",
          "throw",
          "try",
          "typeof",
          "var",
          "void",
          "while",
          "with",
          "yield",
          "let",
          "static",
          "async",
          "await",
          "of",
          "true",
          "false",
          "null",
          "undefined",
          "interface",
          "type",
          "enum",
          "implements",
          "private",
          "public",
          "protected",
          "readonly",
          "as",
          "from")),
  GO(
      Syntax.C_LIKE,
      Set.of(
          "break",
          "case",
          "chan",
          "const",
          "continue",
          "default",
          "defer",
          "else",
          "fallthrough",
          "for",
          "func",
          "go",
          "goto",
          "if",
          "import",
          "interface",
          "map",
          "package",
          "range",
          "return",
          "select",
          "struct",
          "switch",
          "type",
          "var",
          "nil",
          "true",
          "false")),
  RUST(
      Syntax.C_LIKE,
      Set.of(
          "as",
          "async",
          "await",
          "break",
          "const",
          "continue",
          "crate",
          "dyn",
          "else",
          "enum",
          "extern",
          "false",
          "fn",
          "for",
          "if",
          "impl",
          "in",
          "let",
          "loop",
          "match",
          "mod",
          "move",
          "mut",
          "pub",
          "ref",
          "return",
          "self",
          "Self",
          "static",
          "struct",
          "super",
          "trait",
          "true",
          "type",
          "unsafe",
          "use",
          "where",
          "while")),
  C(
      Syntax.C_LIKE,
      Set.of(
          "auto",
          "break",
          "case",
          "char",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extern",
          "float",
          "for",
          "goto",
          "if",
          "inline",
          "int",
          "long",
          "register",
          "return",
          "short",
          "signed",
          "sizeof",
          "static",
          "struct",
          "switch",
          "typedef",
          "union",
          "unsigned",
          "void",
          "volatile",
          "while",
          "bool",
          "class",
          "namespace",
          "template",
          "typename",
          "public",
          "private",
          "protected",
          "virtual",
          "override",
          "new",
          "delete",
          "this",
          "nullptr",
          "true",
          "false",
          "using",
          "const_cast",
          "static_cast",
          "constexpr",
          "noexcept",
          "throw",
          "try",
          "catch",
          "operator")),
  GENERIC(Syntax.GENERIC, Set.of());

  /** Comment and literal conventions. */
  enum Syntax {
    C_LIKE,
    HASH_COMMENT,
    GENERIC
  }

  private final Syntax syntax;
  private final Set<String> keywords;

  Language(Syntax syntax, Set<String> keywords) {
    this.syntax = syntax;
    this.keywords = keywords;
  }

  /** Whether the language's comments include {@code /* ... *}{@code /} blocks. */
  public boolean hasBlockComments() {
    return syntax != Syntax.HASH_COMMENT;
  }

  Syntax syntax() {
    return syntax;
  }

  public boolean isKeyword(String word) {
    return keywords.contains(word);
  }

  /** Whether {@code token} is a name: a word ({@link Token#isWord}) that is not a keyword. */
  public boolean isIdentifier(String token) {
    return Token.isWord(token) && !isKeyword(token);
  }

  /** The language's keywords (and literal words such as {@code true}, {@code None}). */
  public Set<String> keywords() {
    return keywords;
  }

  /** Whether blocks are delimited by indentation (a line ending in {@code :} opens one). */
  public boolean indentationBlocks() {
    return this == PYTHON;
  }

  /**
   * Resolves an LSP language id (e.g. {@code typescriptreact}); unknown ids give {@link #GENERIC}.
   */
  public static Language fromLanguageId(String languageId) {
    if (languageId == null) {
      return GENERIC;
    }
    return switch (languageId.toLowerCase(Locale.ROOT)) {
      case "java" -> JAVA;
      case "python" -> PYTHON;
      case "javascript", "javascriptreact", "typescript", "typescriptreact", "js", "ts" ->
          JAVASCRIPT;
      case "go" -> GO;
      case "rust" -> RUST;
      case "c", "cpp", "c++", "objective-c", "objective-cpp", "cuda" -> C;
      default -> GENERIC;
    };
  }

  /** Resolves a file name by extension; {@code null} when the file is not source code we model. */
  public static Language fromFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    return switch (name.substring(dot + 1)) {
      case "java" -> JAVA;
      case "py", "pyi" -> PYTHON;
      case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts" -> JAVASCRIPT;
      case "go" -> GO;
      case "rs" -> RUST;
      case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "cu" -> C;
      case "kt", "kts", "scala", "swift", "cs", "php", "rb", "sh", "lua", "dart", "groovy" ->
          GENERIC;
      default -> null;
    };
  }

  /** Language from the LSP id, falling back to the file extension of {@code path}. */
  public static Language detect(String languageId, String path) {
    Language byId = fromLanguageId(languageId);
    if (byId != GENERIC || path == null) {
      return byId;
    }
    Language byName = fromFileName(path);
    return byName == null ? GENERIC : byName;
  }
}

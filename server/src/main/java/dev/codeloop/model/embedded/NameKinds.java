package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import java.util.List;
import java.util.Set;

/**
 * What a language's names are without looking them up: the names every file can use unqualified
 * (Python's builtins, Java's {@code java.lang}), names of exception types, and the positions where
 * the next name is an exception type. Features of the menu's re-ranker ({@link WordReranker}).
 */
final class NameKinds {
  private NameKinds() {}

  /** Python's builtin functions and types (the exceptions are {@link #exceptionName}'s). */
  private static final Set<String> PYTHON_BUILTINS =
      Set.of(
          "abs",
          "aiter",
          "all",
          "anext",
          "any",
          "ascii",
          "bin",
          "bool",
          "breakpoint",
          "bytearray",
          "bytes",
          "callable",
          "chr",
          "classmethod",
          "compile",
          "complex",
          "delattr",
          "dict",
          "dir",
          "divmod",
          "enumerate",
          "eval",
          "exec",
          "filter",
          "float",
          "format",
          "frozenset",
          "getattr",
          "globals",
          "hasattr",
          "hash",
          "help",
          "hex",
          "id",
          "input",
          "int",
          "isinstance",
          "issubclass",
          "iter",
          "len",
          "list",
          "locals",
          "map",
          "max",
          "memoryview",
          "min",
          "next",
          "object",
          "oct",
          "open",
          "ord",
          "pow",
          "print",
          "property",
          "range",
          "repr",
          "reversed",
          "round",
          "set",
          "setattr",
          "slice",
          "sorted",
          "staticmethod",
          "str",
          "sum",
          "super",
          "tuple",
          "type",
          "vars",
          "zip",
          "__import__",
          "NotImplemented",
          "Ellipsis",
          "__name__",
          "__file__",
          "__doc__");

  /** The types of Java's {@code java.lang} that code names most (imported implicitly). */
  private static final Set<String> JAVA_LANG =
      Set.of(
          "Object",
          "String",
          "StringBuilder",
          "StringBuffer",
          "CharSequence",
          "Integer",
          "Long",
          "Short",
          "Byte",
          "Character",
          "Boolean",
          "Double",
          "Float",
          "Number",
          "Math",
          "StrictMath",
          "System",
          "Class",
          "ClassLoader",
          "Thread",
          "ThreadLocal",
          "Runnable",
          "Iterable",
          "Comparable",
          "Cloneable",
          "AutoCloseable",
          "Enum",
          "Record",
          "Void",
          "Process",
          "ProcessBuilder",
          "Runtime",
          "StackTraceElement",
          "Override",
          "Deprecated",
          "SuppressWarnings",
          "FunctionalInterface",
          "SafeVarargs",
          "Throwable",
          "Exception",
          "RuntimeException",
          "Error");

  /** Whether {@code word} is usable unqualified in every file of the language. */
  static boolean builtin(Language language, String word) {
    return switch (language) {
      case PYTHON -> PYTHON_BUILTINS.contains(word);
      case JAVA -> JAVA_LANG.contains(word);
      default -> false;
    };
  }

  private static final Set<String> EXCEPTIONS_BY_NAME =
      Set.of(
          "Throwable",
          "KeyboardInterrupt",
          "SystemExit",
          "StopIteration",
          "StopAsyncIteration",
          "GeneratorExit");

  /**
   * Whether {@code word} is named like an exception type ({@code IOException}, {@code KeyError}).
   */
  static boolean exceptionName(String word) {
    return !word.isEmpty()
        && Character.isUpperCase(word.charAt(0))
        && (word.endsWith("Exception")
            || word.endsWith("Error")
            || word.endsWith("Warning")
            || EXCEPTIONS_BY_NAME.contains(word));
  }

  /**
   * Whether the name after {@code tokens} (the significant tokens before the cursor's word) is an
   * exception type: Java's {@code throws X, Y}, {@code catch (X | Y}, {@code throw new X}; Python's
   * {@code except X}, {@code except (X, Y}, {@code raise X}.
   */
  static boolean exceptionSite(Language language, List<Token> tokens) {
    int n = tokens.size();
    if (n == 0) {
      return false;
    }
    String last = tokens.get(n - 1).text();
    String before = n >= 2 ? tokens.get(n - 2).text() : "";
    if (language == Language.PYTHON) {
      if (last.equals("except") || last.equals("raise")) {
        return true;
      }
      return (last.equals("(") && before.equals("except"))
          || (last.equals(",") && listOpenedBy(tokens, "except", "("));
    }
    if (last.equals("throws")
        || (last.equals("new") && before.equals("throw"))
        || (last.equals("(") && before.equals("catch"))) {
      return true;
    }
    return (last.equals(",") && listOpenedBy(tokens, "throws", null))
        || (last.equals("|") && listOpenedBy(tokens, "catch", "("));
  }

  /**
   * Whether the list of dotted names ending in the last token ({@code ,} or {@code |}) follows
   * {@code opener} (and then {@code paren}, when not null).
   */
  private static boolean listOpenedBy(List<Token> tokens, String opener, String paren) {
    int i = tokens.size() - 1;
    for (int steps = 0; i >= 0 && steps < 64; i--, steps++) {
      Token t = tokens.get(i);
      String s = t.text();
      boolean name = t.kind() == TokenKind.IDENTIFIER;
      if (!name && !s.equals(".") && !s.equals(",") && !s.equals("|")) {
        break;
      }
    }
    if (paren != null) {
      if (i < 1 || !tokens.get(i).text().equals(paren)) {
        return false;
      }
      i--;
    }
    return i >= 0 && tokens.get(i).text().equals(opener);
  }
}

package dev.codeloop.action.source;

import java.util.Locale;

/** Per-language conventions the prompts mention. */
public final class LanguageStyle {
  private LanguageStyle() {}

  /** How the language documents a declaration, in words a model follows. */
  public static String docConvention(String languageId) {
    return switch (languageId.toLowerCase(Locale.ROOT)) {
      case "java" ->
          "a Javadoc comment (/** ... */ with @param, @return and @throws where they apply)"
              + " directly above the declaration";
      case "kotlin" -> "a KDoc comment (/** ... */) directly above the declaration";
      case "python" ->
          "a docstring (triple double quotes, PEP 257) as the first statement of the body";
      case "javascript", "javascriptreact", "typescript", "typescriptreact" ->
          "a JSDoc comment (/** ... */ with @param and @returns) directly above the declaration";
      case "go" ->
          "Go doc comments (// lines starting with the name) directly above the declaration";
      case "rust" -> "/// doc comments (Markdown) directly above the item";
      case "c", "cpp" ->
          "a Doxygen comment (/** ... */ with @param and @return) above the declaration";
      case "csharp" -> "/// XML documentation comments above the declaration";
      default -> "the documentation comment convention of " + languageId;
    };
  }

  /** A human name of the language for prompts. */
  public static String displayName(String languageId) {
    return languageId.isEmpty() ? "plain text" : languageId;
  }
}

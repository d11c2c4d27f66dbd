package dev.codeloop.action.reply;

import java.util.Locale;
import java.util.Set;

/** What a fence of a language may be called. */
final class Languages {
  private Languages() {}

  static Set<String> fenceNames(String languageId) {
    String id = languageId.toLowerCase(Locale.ROOT);
    return switch (id) {
      case "python" -> Set.of("python", "py", "python3");
      case "javascript" -> Set.of("javascript", "js", "mjs", "cjs");
      case "javascriptreact" -> Set.of("jsx", "javascript", "js");
      case "typescript" -> Set.of("typescript", "ts");
      case "typescriptreact" -> Set.of("tsx", "typescript", "ts");
      case "go" -> Set.of("go", "golang");
      case "rust" -> Set.of("rust", "rs");
      case "cpp" -> Set.of("cpp", "c++", "cc", "cxx");
      case "kotlin" -> Set.of("kotlin", "kt");
      case "csharp" -> Set.of("csharp", "cs", "c#");
      case "shellscript" -> Set.of("sh", "bash", "shell", "zsh");
      default -> Set.of(id);
    };
  }
}

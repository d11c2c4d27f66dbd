package dev.codeloop.model.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lm.ImportNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a Java file's path says its first lines hold, which no model of the tokens before the cursor
 * can know in a new file: the package statement names the file's folders ({@link PackageFromPath}),
 * and the top-level type declared in {@code Cart.java} is {@code Cart}. Most editors without a Java
 * server leave both to the user. The ghost text is the rest of the name (with the package
 * statement's {@code ;}), with no search; the menu's first word is its next name.
 */
final class NewFileLines {
  private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");

  private NewFileLines() {}

  /**
   * The rest of the line the file's path names at the cursor, or null elsewhere and where what is
   * typed does not begin it.
   *
   * @param prefix the prefix window ({@link EmbeddedPredictor#window})
   * @param tokens its significant tokens before the typed word {@code partial}
   * @param suffixLine the rest of the cursor's line
   */
  static @Nullable String rest(
      LanguageState state,
      FimRequest fim,
      String prefix,
      List<Token> tokens,
      String partial,
      String suffixLine) {
    if (state.language() != Language.JAVA || tokens.isEmpty()) {
      return null;
    }
    String rest = packageRest(state, fim.path(), prefix, tokens, partial, suffixLine);
    return rest != null ? rest : typeNameRest(fim, prefix, tokens, partial, suffixLine);
  }

  /**
   * The menu's first word where {@link #rest} says what comes: the typed part and the rest of the
   * next name; null elsewhere.
   */
  static @Nullable String word(LanguageState state, FimRequest fim) {
    String prefix = fim.prefix();
    int lineStart = prefix.lastIndexOf('\n') + 1;
    if (state.language() != Language.JAVA
        || !(prefix.startsWith("package", lineStart) || endsWithTypeKeyword(prefix))) {
      return null; // (the cheap test: a menu is asked for at every keystroke)
    }
    WordRanking.Lexed lexed = WordRanking.lex(Language.JAVA, fim);
    if (lexed.silent()) {
      return null;
    }
    String rest =
        rest(
            state,
            fim,
            EmbeddedPredictor.window(prefix, Language.JAVA),
            lexed.tokens(),
            lexed.typed(),
            EmbeddedPredictor.firstLine(EmbeddedPredictor.suffixWindow(fim.suffix())));
    if (rest == null) {
      return null;
    }
    int end = 0;
    while (end < rest.length() && Character.isJavaIdentifierPart(rest.charAt(end))) {
      end++;
    }
    return end == 0 ? null : lexed.typed() + rest.substring(0, end);
  }

  /** Whether the line before the cursor's word ends with {@code class}, {@code enum}, … */
  private static boolean endsWithTypeKeyword(String prefix) {
    int end = prefix.length();
    while (end > 0 && Character.isJavaIdentifierPart(prefix.charAt(end - 1))) {
      end--; // the word being typed
    }
    while (end > 0 && prefix.charAt(end - 1) == ' ') {
      end--;
    }
    for (String k : TYPE_KEYWORDS) {
      if (prefix.startsWith(k, end - k.length())
          && (end == k.length()
              || !Character.isJavaIdentifierPart(prefix.charAt(end - k.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * At the file's package statement (its first statement, typed up to the cursor), the rest of the
   * package that the file's folders name and the {@code ;} when the line has none yet.
   */
  private static @Nullable String packageRest(
      LanguageState state,
      String path,
      String prefix,
      List<Token> tokens,
      String partial,
      String suffixLine) {
    if (!tokens.get(0).text().equals("package")) {
      return null;
    }
    int lineStart = prefix.lastIndexOf('\n') + 1;
    if (tokens.get(0).start() < lineStart) {
      return null; // the statement is not the cursor's line
    }
    List<String> line = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      line.add(t.text());
    }
    ImportNames.Site site = ImportNames.site(Language.JAVA, line);
    String end = suffixLine.strip();
    if (site == null || site.imports() || !(end.isEmpty() || end.equals(";"))) {
      return null;
    }
    String typed = site.prefix() + partial;
    String known = PackageFromPath.of(path, state.snapshot().members().imports());
    if (known == null || !known.startsWith(typed)) {
      return null;
    }
    String rest = known.substring(typed.length()) + (end.isEmpty() ? ";" : "");
    return rest.isEmpty() ? null : rest;
  }

  /**
   * After {@code class}, {@code interface}, {@code enum} or {@code record} outside every bracket,
   * in a file whose start is in the window and that declares no type of the file's name yet, the
   * rest of that name.
   */
  private static @Nullable String typeNameRest(
      FimRequest fim, String prefix, List<Token> tokens, String partial, String suffixLine) {
    String last = tokens.get(tokens.size() - 1).text();
    if (!TYPE_KEYWORDS.contains(last)
        || (!suffixLine.isEmpty() && Character.isJavaIdentifierPart(suffixLine.charAt(0)))) {
      return null;
    }
    String before = fim.prefix().substring(0, fim.prefix().length() - partial.length());
    List<Token> all =
        prefix.length() == fim.prefix().length()
            ? tokens
            : new CodeLexer(Language.JAVA).significantTokens(before); // the window is cut
    if (EmbeddedPredictor.openBrackets(all) != 0) {
      return null; // a nested type's name
    }
    String path = fim.path().replace('\\', '/');
    String file = path.substring(path.lastIndexOf('/') + 1);
    if (!file.endsWith(".java")) {
      return null;
    }
    String name = file.substring(0, file.length() - ".java".length());
    if (!Language.JAVA.isIdentifier(name)
        || !name.startsWith(partial)
        || name.equals(partial)
        || declares(before, name)
        || declares(fim.suffix(), name)) {
      return null;
    }
    return name.substring(partial.length());
  }

  /** Whether {@code text} declares a type named {@code name}. */
  private static boolean declares(String text, String name) {
    return Pattern.compile("\\b(class|interface|enum|record)\\s+" + Pattern.quote(name) + "\\b")
        .matcher(text)
        .find();
  }
}

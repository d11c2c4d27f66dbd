package dev.codeloop.model.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lm.ImportNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a Java file's path and code say its first lines hold, which no model of the tokens before
 * the cursor can know in a new file: the package statement names the file's folders ({@link
 * PackageFromPath}), the top-level type declared in {@code Cart.java} is {@code Cart}, and an
 * import statement in a sorted block imports a type the file uses. Most editors without a Java
 * server leave these to the user. The ghost text is the rest of the name (with a statement's {@code
 * ;}), with no search; at the first two the menu's first word is its next name.
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
    if (state.language() != Language.JAVA) {
      return null;
    }
    if (tokens.isEmpty()) {
      return firstStatementRest(state, fim, partial, suffixLine);
    }
    At at = new At(state, fim, prefix, tokens, partial, suffixLine);
    String rest = packageRest(at);
    if (rest == null) {
      rest = typeNameRest(at);
    }
    return rest != null ? rest : importRest(at);
  }

  /**
   * Before the file's first token (comments aside), where the typed word begins {@code package} or
   * nothing is typed on an empty line: the whole package statement the file's folders name, in a
   * file that declares no package yet ({@code p} → {@code ackage com.acme.shop;}).
   */
  private static @Nullable String firstStatementRest(
      LanguageState state, FimRequest fim, String partial, String suffixLine) {
    if (!PACKAGE.startsWith(partial) || !suffixLine.isBlank()) {
      return null;
    }
    String before = fim.prefix().substring(0, fim.prefix().length() - partial.length());
    if (!before.isBlank() && !new CodeLexer(Language.JAVA).significantTokens(before).isEmpty()) {
      return null; // the window was cut: the editor's prefix holds code
    }
    if (PACKAGE_STATEMENT.matcher(fim.suffix()).find()) {
      return null;
    }
    String known = PackageFromPath.of(fim.path(), state.snapshot().members().imports());
    if (known == null || known.isEmpty()) {
      return null;
    }
    return PACKAGE.substring(partial.length()) + " " + known + ";";
  }

  private static final String PACKAGE = "package";

  private static final Pattern PACKAGE_STATEMENT =
      Pattern.compile("(?m)^\\s*package\\s+[\\p{javaJavaIdentifierPart}.]+\\s*;");

  /** The request at the cursor, as {@link #rest} was given it. */
  private record At(
      LanguageState state,
      FimRequest fim,
      String prefix,
      List<Token> tokens,
      String partial,
      String suffixLine) {}

  /**
   * The menu's first word where {@link #rest} says what comes at a package statement or a top-level
   * type's name: the typed part and the rest of the next name; null elsewhere. (In an import
   * statement the menu keeps its own order: first words right 1,247 → 1,240 of 1,456 test
   * statements with the rule's word first, NewFileBenchmark.)
   */
  static @Nullable String word(LanguageState state, FimRequest fim) {
    String prefix = fim.prefix();
    int lineStart = prefix.lastIndexOf('\n') + 1;
    if (state.language() != Language.JAVA
        || !(prefix.startsWith(PACKAGE, lineStart)
            || endsWithTypeKeyword(prefix)
            || lineStart == 0 && prefix.length() <= PACKAGE.length())) {
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
  private static @Nullable String packageRest(At at) {
    List<Token> tokens = at.tokens();
    if (!tokens.get(0).text().equals("package")) {
      return null;
    }
    if (WordRanking.lineFrom(tokens, at.prefix().lastIndexOf('\n') + 1) != 0) {
      return null; // the statement is not the cursor's line
    }
    ImportNames.Site site = ImportNames.site(Language.JAVA, WordRanking.texts(tokens));
    String end = at.suffixLine().strip();
    if (site == null || site.imports() || !(end.isEmpty() || end.equals(";"))) {
      return null;
    }
    String typed = site.prefix() + at.partial();
    String known = PackageFromPath.of(at.fim().path(), at.state().snapshot().members().imports());
    if (known == null || !known.startsWith(typed)) {
      return null;
    }
    String rest = known.substring(typed.length()) + (end.isEmpty() ? ";" : "");
    return rest.isEmpty() ? null : rest;
  }

  /**
   * After {@code class}, {@code interface}, {@code enum} or {@code record} at the start of an
   * unindented line outside every bracket of the file (as far as the editor's prefix shows it), in
   * a file that declares no type of the file's name yet, the rest of that name.
   */
  private static @Nullable String typeNameRest(At at) {
    List<Token> tokens = at.tokens();
    FimRequest fim = at.fim();
    String partial = at.partial();
    String last = tokens.get(tokens.size() - 1).text();
    if (!TYPE_KEYWORDS.contains(last)
        || (!at.suffixLine().isEmpty()
            && Character.isJavaIdentifierPart(at.suffixLine().charAt(0)))) {
      return null;
    }
    String before = fim.prefix().substring(0, fim.prefix().length() - partial.length());
    int lineStart = before.lastIndexOf('\n') + 1;
    if (lineStart < before.length() && Character.isWhitespace(before.charAt(lineStart))) {
      return null; // an indented declaration: a nested type, even where the prefix was cut inside
      // the file's type (the editor's prefix is a window of the file too)
    }
    if (EmbeddedPredictor.openBrackets(tokensBefore(at)) != 0) {
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

  /**
   * In an import statement (not a static one) of a file that sorts its imports, the rest of the
   * path of a type that the file uses and neither imports nor declares, imported from where the
   * workspace imports a type of that name from most ({@link ImportNames#mostCommonPrefixOf}; never
   * {@code java.lang} or the file's own package), whose statement keeps the order of the statements
   * around it ({@link ImportOrder}); of several, the one used most. The {@code ;} when the line has
   * none yet. Without the order's word for it the guess was wrong too often (a type of the file's
   * own package that the workspace knows elsewhere): nothing then.
   */
  private static @Nullable String importRest(At at) {
    List<Token> tokens = at.tokens();
    FimRequest fim = at.fim();
    String partial = at.partial();
    int from = WordRanking.lineFrom(tokens, at.prefix().lastIndexOf('\n') + 1);
    String end = at.suffixLine().strip();
    if (from == tokens.size()
        || !tokens.get(from).text().equals("import")
        || !(end.isEmpty() || end.equals(";"))) {
      return null; // (checked before anything is built: every completion passes here)
    }
    List<String> line = WordRanking.texts(tokens.subList(from, tokens.size()));
    ImportNames.Site site = line.contains("static") ? null : ImportNames.site(Language.JAVA, line);
    if (site == null || !site.imports()) {
      return null;
    }
    List<Token> after = new CodeLexer(Language.JAVA).significantTokens(fim.suffix());
    FileNames names = new FileNames();
    names.read(tokensBefore(at));
    names.read(after);
    ImportNames known = at.state().snapshot().members().imports();
    ImportOrder order = ImportOrder.of(Language.JAVA, tokens, from, site.prefix(), after);
    String typed = site.prefix() + partial;
    String best = null;
    int bestScore = 0;
    for (Map.Entry<String, Integer> used : names.used.entrySet()) {
      String name = used.getKey();
      if (names.imported.contains(name) || names.declared.contains(name)) {
        continue;
      }
      String from0 = known.mostCommonPrefixOf(name);
      if (from0 == null
          || from0.equals("java.lang.")
          || from0.equals(names.ownPackage + ".")
          || names.wildcards.contains(from0)) {
        continue;
      }
      String path = from0 + name;
      if (!path.startsWith(typed) || path.length() == typed.length()) {
        continue;
      }
      if (order == null || !order.admits(path.substring(site.prefix().length()))) {
        continue; // (without a sorted neighbour's word for it, a guess: NewFileBenchmark)
      }
      int score = used.getValue();
      if (score > bestScore || score == bestScore && path.compareTo(best) < 0) {
        best = path;
        bestScore = score;
      }
    }
    return best == null ? null : best.substring(typed.length()) + (end.isEmpty() ? ";" : "");
  }

  /**
   * What a file's tokens say of its types: the names it uses as types (a capitalised name not after
   * a dot, outside import and package statements, with how often), the names its import statements
   * import, the packages it imports with {@code *}, the types it declares, its package.
   */
  private static final class FileNames {
    final Map<String, Integer> used = new HashMap<>();
    final Set<String> imported = new HashSet<>();
    final Set<String> wildcards = new HashSet<>();
    final Set<String> declared = new HashSet<>();
    String ownPackage = "";

    void read(List<Token> tokens) {
      for (int i = 0; i < tokens.size(); i++) {
        String t = tokens.get(i).text();
        if (t.equals("import") || t.equals("package")) {
          StringBuilder path = new StringBuilder();
          int j = i + 1;
          String last = null;
          for (; j < tokens.size() && !tokens.get(j).text().equals(";"); j++) {
            String s = tokens.get(j).text();
            if (!s.equals("static")) {
              path.append(s);
              last = s;
            }
          }
          if (t.equals("package")) {
            ownPackage = path.toString();
          } else if ("*".equals(last)) {
            wildcards.add(path.substring(0, path.length() - 1));
          } else if (last != null) {
            imported.add(last);
          }
          i = j;
          continue;
        }
        if (TYPE_KEYWORDS.contains(t) && i + 1 < tokens.size()) {
          declared.add(tokens.get(i + 1).text());
        }
        if (!t.isEmpty()
            && Character.isUpperCase(t.charAt(0))
            && Language.JAVA.isIdentifier(t)
            && (i == 0 || !tokens.get(i - 1).text().equals("."))) {
          used.merge(t, 1, Integer::sum);
        }
      }
    }
  }

  /**
   * The file's significant tokens before the typed word: the window's when the window is the whole
   * prefix the editor sent, else that prefix lexed.
   */
  private static List<Token> tokensBefore(At at) {
    String prefix = at.fim().prefix();
    return at.prefix().length() == prefix.length()
        ? at.tokens()
        : new CodeLexer(Language.JAVA)
            .significantTokens(prefix.substring(0, prefix.length() - at.partial().length()));
  }

  /** Whether {@code text} declares a type named {@code name}. */
  private static boolean declares(String text, String name) {
    return Pattern.compile("\\b(class|interface|enum|record)\\s+" + Pattern.quote(name) + "\\b")
        .matcher(text)
        .find();
  }
}

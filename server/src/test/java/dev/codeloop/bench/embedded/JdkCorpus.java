package dev.codeloop.bench.embedded;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the JDK's src.zip for the benchmark protocol (train java.base, test three small modules).
 */
final class JdkCorpus {
  static final Path SRC_ZIP = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip");
  static final List<String> TEST_MODULES = List.of("java.net.http/", "java.sql/", "java.logging/");

  /**
   * Modules for tuning the mixture (never the test modules): tuning on the test set would flatter
   * the figures.
   */
  static final List<String> VALIDATION_MODULES =
      List.of("java.rmi/", "jdk.httpserver/", "java.sql.rowset/", "java.security.sasl/");

  record SourceFile(String name, String text, List<Token> tokens) {}

  private JdkCorpus() {}

  static List<SourceFile> read(List<String> modulePrefixes) throws IOException {
    CodeLexer lexer = new CodeLexer(Language.JAVA);
    List<SourceFile> out = new ArrayList<>();
    try (ZipFile zip = new ZipFile(SRC_ZIP.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      List<ZipEntry> list = new ArrayList<>();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.getName().endsWith(".java")
            && modulePrefixes.stream().anyMatch(e.getName()::startsWith)) {
          list.add(e);
        }
      }
      list.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (ZipEntry e : list) {
        try (InputStream in = zip.getInputStream(e)) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          out.add(new SourceFile(e.getName(), text, lexer.significantTokens(text)));
        }
      }
    }
    return out;
  }
}

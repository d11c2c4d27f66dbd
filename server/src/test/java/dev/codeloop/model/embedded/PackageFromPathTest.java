package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.ImportNames;
import dev.codeloop.model.embedded.lm.TokenEncoder;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PackageFromPathTest {
  /** What a workspace of these Java files knows of package and import statements. */
  private static ImportNames known(String... files) {
    CodeLexer lexer = new CodeLexer(Language.JAVA);
    Vocabulary vocab = new Vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    return ImportNames.learn(
        Language.JAVA,
        vocab,
        Arrays.stream(files).map(f -> encoder.encode(lexer.significantTokens(f), true)).toList());
  }

  private static final ImportNames SHOP =
      known(
          "package dev.shop.model;\nimport java.util.List;\nimport java.util.concurrent.Future;\n"
              + "public class Item {}\n");

  @Test
  void should_name_the_folders_after_the_source_root_that_the_workspace_knows_best() {
    assertThat(PackageFromPath.of("src/main/java/dev/shop/cart/Cart.java", SHOP))
        .isEqualTo("dev.shop.cart");
    assertThat(PackageFromPath.of("server/src/test/java/dev/shop/model/ItemTest.java", SHOP))
        .isEqualTo("dev.shop.model");
    // Windows separators
    assertThat(PackageFromPath.of("src\\main\\java\\dev\\shop\\Cart.java", SHOP))
        .isEqualTo("dev.shop");
  }

  @Test
  void should_find_a_known_package_without_a_source_root() {
    // the JDK's layout: a module folder (not a name) and the package's folders
    assertThat(PackageFromPath.of("java.base/java/util/concurrent/Future.java", SHOP))
        .isEqualTo("java.util.concurrent");
    // folders before the package that the workspace does not know are left out
    assertThat(PackageFromPath.of("vendor/lib/dev/shop/util/Strings.java", SHOP))
        .isEqualTo("dev.shop.util");
  }

  @Test
  void should_fall_back_to_the_source_root_where_the_workspace_knows_no_name() {
    assertThat(PackageFromPath.of("src/main/java/org/acme/App.java", ImportNames.EMPTY))
        .isEqualTo("org.acme");
    assertThat(PackageFromPath.of("src/org/acme/App.java", ImportNames.EMPTY))
        .isEqualTo("org.acme");
    assertThat(PackageFromPath.of("notes/App.java", ImportNames.EMPTY)).isNull();
    assertThat(PackageFromPath.of("App.java", SHOP)).isNull();
    assertThat(PackageFromPath.of("src/main/java/App.java", SHOP)).isNull(); // the default package
    // a folder that is no name ends the package's run of folders
    assertThat(PackageFromPath.of("src/main/java/dev/my-app/App.java", SHOP)).isNull();
  }
}

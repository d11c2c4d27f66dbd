package dev.codeloop.completion.context;

import static dev.codeloop.completion.CompletionAssert.forText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.lsp4j.InlineCompletionTriggerKind.Invoked;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.FimRequest.ContextSnippet;
import org.junit.jupiter.api.Test;

class ContextBuilderTest {

  @Test
  void should_keep_prefix_and_suffix_within_budget_at_whole_lines() {
    // given
    StringBuilder before = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      before.append("int field").append(i).append(" = ").append(i).append(";\n");
    }
    String after = "}\n".repeat(400);
    var t =
        forText(before + "int x = |;\n" + after)
            .withSettings(
                s ->
                    new dev.codeloop.settings.ServerSettings.CompletionSettings(
                        s.style(), 0, 3, 512, 12, 2000, true))
            .withModelReplies("1");

    // when
    FimRequest fim = t.inline(Invoked).request().fim().orElseThrow();

    // then
    assertThat(fim.prefix().length()).isLessThanOrEqualTo(1200);
    assertThat(fim.prefix()).startsWith("int field").endsWith("int x = ");
    assertThat(fim.suffix().length()).isLessThanOrEqualTo(300);
    assertThat(fim.suffix()).startsWith(";\n").endsWith("}\n");
    int total =
        fim.prefix().length()
            + fim.suffix().length()
            + fim.snippets().stream().mapToInt(s -> s.text().length()).sum();
    assertThat(total).isLessThanOrEqualTo(2000);
  }

  @Test
  void should_add_imports_that_fell_out_of_the_prefix() {
    // given
    String body = "  void m() {}\n".repeat(600);
    var t =
        forText(
                "import java.util.List;\nimport java.util.Map;\n\nclass A {\n"
                    + body
                    + "  List<String> xs = |\n}\n")
            .withModelReplies("List.of();");

    // when
    FimRequest fim = t.inline(Invoked).request().fim().orElseThrow();

    // then
    assertThat(fim.prefix()).doesNotContain("import java.util.Map;");
    assertThat(fim.snippets())
        .extracting(ContextSnippet::text)
        .contains("import java.util.List;\nimport java.util.Map;");
  }

  @Test
  void should_add_similar_code_and_definitions_from_other_documents() {
    // given
    String repo =
        "package app;\n\npublic class UserRepository {\n"
            + "  public User findByEmail(String email) {\n    return users.stream().filter(u -> u.email().equals(email)).findFirst().orElse(null);\n  }\n"
            + "}\n"
            + "\n".repeat(40)
            + "class Unrelated { int weather; int rainfall; int humidity; }\n";
    var t =
        forText(
                "class UserService {\n  User byEmail(String email) {\n    return repository.findByEmail(|\n  }\n}\n")
            .withOtherDocument("src/UserRepository.java", "java", repo)
            .withModelReplies("email);");

    // when
    FimRequest fim = t.inline(Invoked).request().fim().orElseThrow();

    // then
    assertThat(fim.snippets()).isNotEmpty();
    assertThat(fim.snippets())
        .allSatisfy(s -> assertThat(s.path()).isEqualTo("src/UserRepository.java"));
    assertThat(fim.snippets())
        .extracting(ContextSnippet::text)
        .anySatisfy(text -> assertThat(text).startsWith("public User findByEmail(String email)"))
        .anySatisfy(text -> assertThat(text).contains("users.stream()"))
        .noneSatisfy(text -> assertThat(text).contains("rainfall"));
  }

  @Test
  void should_never_send_secret_documents_and_redact_secrets() {
    // given
    var t =
        forText(
                "class Config {\n  String key = \"sk-proj-abcdefghijklmnopqrstuvwx1234\";\n  String dbPassword = |\n}\n")
            .withOtherDocument(
                ".env",
                "plaintext",
                "DB_PASSWORD=hunter2hunter2\nclass Config dbPassword key String\n")
            .withOtherDocument("certs/server.pem", "plaintext", "Config dbPassword key String")
            .withModelReplies("\"x\";");

    // when
    FimRequest fim = t.inline(Invoked).request().fim().orElseThrow();

    // then
    assertThat(fim.toString())
        .doesNotContain("hunter2")
        .doesNotContain("sk-proj-abcdefghijklmnopqrstuvwx1234");
    assertThat(fim.prefix()).contains("<redacted>");
    assertThat(fim.snippets())
        .noneMatch(s -> s.path().endsWith(".env") || s.path().endsWith(".pem"));
  }
}

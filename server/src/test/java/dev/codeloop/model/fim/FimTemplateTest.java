package dev.codeloop.model.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FimTemplateTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "=>",
      value = {
        "QWEN      => <|fim_prefix|>PRE<|fim_suffix|>SUF<|fim_middle|>",
        "CODELLAMA => <PRE> PRE <SUF>SUF <MID>",
        "DEEPSEEK  => <｜fim▁begin｜>PRE<｜fim▁hole｜>SUF<｜fim▁end｜>",
        "STARCODER => <fim_prefix>PRE<fim_suffix>SUF<fim_middle>",
        "CODESTRAL => [SUFFIX]SUF[PREFIX]PRE",
      })
  void should_render_the_family_tokens(FimTemplate template, String expected) {
    // when
    String prompt = template.render("PRE", "SUF");
    // then
    assertThat(prompt).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "qwen2.5-coder:7b-base         | QWEN",
        "Qwen/Qwen2.5-Coder-1.5B       | QWEN",
        "codegemma:2b-code             | QWEN",
        "codellama:7b-code             | CODELLAMA",
        "deepseek-coder-6.7b-base      | DEEPSEEK",
        "bigcode/starcoder2-3b         | STARCODER",
        "stable-code-3b                | STARCODER",
        "codestral-latest              | CODESTRAL",
        "gpt-4.1                       | -",
        "llama3:8b                     | -",
      })
  void should_guess_the_family_from_the_model_id(String modelId, FimTemplate expected) {
    // when
    Optional<FimTemplate> family = FimTemplate.forModelId(modelId);
    // then
    assertThat(family).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      value = {
        "QWEN      => a + b<|endoftext|>garbage => a + b",
        "CODELLAMA => 'a + b <EOT>'              => 'a + b '",
        "STARCODER => a + b<fim_middle>x         => a + b",
        "QWEN      => plain                      => plain",
      })
  void should_cut_the_answer_at_the_first_stop_token(
      FimTemplate template, String raw, String clean) {
    // when / then
    assertThat(template.clean(raw)).isEqualTo(clean);
  }

  @ParameterizedTest
  @CsvSource({"qwen,QWEN", "QWEN,QWEN", "codestral,CODESTRAL", "deepseek,DEEPSEEK"})
  void should_find_a_template_by_family_name(String name, FimTemplate expected) {
    assertThat(FimTemplate.fromFamily(name)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(FimTemplate.class)
  void should_render_in_pieces_what_it_renders_whole(FimTemplate template) {
    // when
    String joined =
        String.join("", template.renderPieces(List.of("// snippets\n", "def f(x):\n  "), "\n#"));

    // then
    assertThat(joined).isEqualTo(template.render("// snippets\ndef f(x):\n  ", "\n#"));
  }
}

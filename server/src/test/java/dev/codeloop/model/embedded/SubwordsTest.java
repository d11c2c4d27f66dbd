package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubwordsTest {
  private static Set<String> parts(String w) {
    Set<String> out = new LinkedHashSet<>();
    Subwords.addTo(w, out);
    return out;
  }

  @Test
  void should_split_camel_snake_and_acronym_names_into_lower_case_parts() {
    assertThat(parts("setConcurrency")).containsExactly("set", "concurrency");
    assertThat(parts("max_buf_size")).containsExactly("max", "buf", "size");
    assertThat(parts("HTTPServer")).containsExactly("http", "server");
    assertThat(parts("RowSetListener")).containsExactly("row", "set", "listener");
    assertThat(parts("__init__")).containsExactly("init");
    assertThat(parts("utf8Decoder")).containsExactly("utf", "decoder");
    assertThat(parts("x")).isEmpty(); // one-letter parts say nothing
  }

  @Test
  void should_give_the_share_of_a_words_parts_found_among_others() {
    Set<String> line = parts("removeRowSetListener");
    assertThat(Subwords.shareFoundIn("RowSetListener", line)).isEqualTo(1.0);
    assertThat(Subwords.shareFoundIn("ResultSet", line)).isEqualTo(0.5);
    assertThat(Subwords.shareFoundIn("Reader", line)).isZero();
    assertThat(Subwords.shareFoundIn("x", line)).isZero();
  }
}

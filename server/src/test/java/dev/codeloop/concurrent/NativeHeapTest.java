package dev.codeloop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeHeapTest {
  @Test
  void should_trim_the_c_heap_through_the_jvms_diagnostic_command() {
    // the JDKs the build and CI run on (17.0.15, 25) on glibc have the command: a report comes
    // back, with the resident memory before and after
    assertThat(NativeHeap.trim()).hasValueSatisfying(r -> assertThat(r).contains("RSS"));
  }
}

package dev.codeloop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BytePipeTest {
  @Test
  void should_keep_working_after_an_interrupted_writer_and_after_a_writer_thread_ended()
      throws Exception {
    // given
    BytePipe pipe = new BytePipe();

    // when: a thread writes with its interrupt flag set, then ends; another writes later
    Thread interrupted =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                pipe.out().write("one ".getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
    interrupted.start();
    interrupted.join();
    pipe.out().write("two".getBytes(StandardCharsets.UTF_8));
    pipe.close();

    // then: everything arrives in order, then the end of the stream
    assertThat(new String(pipe.in().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one two");
    assertThat(pipe.in().read()).isEqualTo(-1);
    assertThatThrownBy(() -> pipe.out().write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void should_block_a_reader_until_bytes_arrive() throws Exception {
    // given
    BytePipe pipe = new BytePipe();
    byte[] got = new byte[3];
    Thread reader =
        new Thread(
            () -> {
              try {
                got[0] = (byte) pipe.in().read();
                pipe.in().read(got, 1, 2);
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
    reader.start();

    // when
    pipe.out().write(new byte[] {7, 8, 9});
    reader.join(5000);

    // then
    assertThat(reader.isAlive()).isFalse();
    assertThat(got).containsExactly(7, 8, 9);
  }
}

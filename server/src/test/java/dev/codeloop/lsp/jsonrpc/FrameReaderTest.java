package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  private static String frame(String body) {
    return "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  private static List<FrameReader.Frame> readAll(String wire, long max) throws IOException {
    FrameReader reader =
        new FrameReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), max);
    List<FrameReader.Frame> frames = new ArrayList<>();
    Optional<FrameReader.Frame> f;
    while ((f = reader.next()).isPresent()) {
      frames.add(f.get());
    }
    return frames;
  }

  @Test
  void should_read_consecutive_frames_with_content_type_header() throws IOException {
    // given
    String wire =
        frame("{\"a\":1}")
            + "Content-Length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"b\":2}";

    // when
    List<FrameReader.Frame> frames = readAll(wire, 1000);

    // then
    assertThat(frames)
        .containsExactly(
            new FrameReader.Frame.Message("{\"a\":1}"), new FrameReader.Frame.Message("{\"b\":2}"));
  }

  @Test
  void should_count_content_length_in_bytes_not_chars() throws IOException {
    // when
    List<FrameReader.Frame> frames = readAll(frame("{\"s\":\"héllo😀\"}") + frame("{}"), 1000);

    // then
    assertThat(frames)
        .containsExactly(
            new FrameReader.Frame.Message("{\"s\":\"héllo😀\"}"),
            new FrameReader.Frame.Message("{}"));
  }

  @Test
  void should_skip_header_block_without_content_length_and_resynchronise() throws IOException {
    // given
    String wire = "Content-Type: text/plain\r\n\r\n" + frame("{\"ok\":true}");

    // when
    List<FrameReader.Frame> frames = readAll(wire, 1000);

    // then
    assertThat(frames.get(0)).isInstanceOf(FrameReader.Frame.Bad.class);
    assertThat(frames).last().isEqualTo(new FrameReader.Frame.Message("{\"ok\":true}"));
  }

  @Test
  void should_recover_next_message_when_content_length_is_too_long() throws IOException {
    // given: the first length swallows the next header
    String next = frame("{\"id\":2}");
    String wire = "Content-Length: 20\r\n\r\n{\"id\":1}" + next;

    // when
    List<FrameReader.Frame> frames = readAll(wire, 1000);

    // then
    assertThat(frames)
        .containsExactly(
            new FrameReader.Frame.Message("{\"id\":1}"),
            new FrameReader.Frame.Message("{\"id\":2}"));
  }

  @Test
  void should_recover_next_message_when_content_length_is_too_short() throws IOException {
    // given
    String wire = "Content-Length: 4\r\n\r\n{\"id\":1}" + frame("{\"id\":2}");

    // when
    List<FrameReader.Frame> frames = readAll(wire, 1000);

    // then: the truncated body is delivered (and will fail to parse), the next one is intact
    assertThat(frames.get(0)).isEqualTo(new FrameReader.Frame.Message("{\"id"));
    assertThat(frames).last().isEqualTo(new FrameReader.Frame.Message("{\"id\":2}"));
  }

  @Test
  void should_reject_non_numeric_and_negative_lengths() throws IOException {
    // when
    List<FrameReader.Frame> frames =
        readAll("Content-Length: abc\r\n\r\nContent-Length: -5\r\n\r\n" + frame("{}"), 1000);

    // then
    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).isInstanceOf(FrameReader.Frame.Bad.class);
    assertThat(frames.get(1)).isInstanceOf(FrameReader.Frame.Bad.class);
    assertThat(frames.get(2)).isEqualTo(new FrameReader.Frame.Message("{}"));
  }

  @Test
  void should_drain_oversized_messages_without_buffering_them() throws IOException {
    // given
    String big = "x".repeat(5000);
    String wire = "Content-Length: 5000\r\n\r\n" + big + frame("{}");

    // when
    List<FrameReader.Frame> frames = readAll(wire, 100);

    // then
    assertThat(frames)
        .containsExactly(new FrameReader.Frame.TooLarge(5000), new FrameReader.Frame.Message("{}"));
  }

  @Test
  void should_report_truncated_stream() throws IOException {
    // when
    List<FrameReader.Frame> frames = readAll("Content-Length: 50\r\n\r\n{\"a\"", 1000);

    // then
    assertThat(frames).singleElement().isInstanceOf(FrameReader.Frame.Bad.class);
  }

  @Test
  void should_read_the_same_frames_however_the_stream_delivers_its_bytes() throws IOException {
    // given: every case above in one stream, and bodies larger than the reader's buffer
    String wire =
        frame("{\"a\":1}")
            + "Content-Type: text/plain\r\n\r\n"
            + "Content-Length: 20\r\n\r\n{\"id\":1}"
            + frame("{\"id\":2}")
            + "Content-Length: 4\r\n\r\n{\"id\":3}"
            + frame("{\"s\":\"héllo😀\"}")
            + "Content-Length: abc\r\n\r\n"
            + "Content-Length: 70000\r\n\r\n"
            + "y".repeat(70_000)
            + frame("{\"big\":\"" + "z".repeat(40_000) + "\"}")
            + frame("{\"last\":true}")
            + "Content-Length: 50\r\n\r\n{\"cut\"";
    byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
    List<FrameReader.Frame> whole = readAll(new ByteArrayInputStream(bytes), 60_000);

    // when / then: a stream that gives at most k bytes per read call
    assertThat(whole).hasSize(11);
    assertThat(whole.get(7)).isEqualTo(new FrameReader.Frame.TooLarge(70_000));
    for (int k : new int[] {1, 2, 5, 4096, 16_385, 100_000}) {
      assertThat(readAll(trickle(bytes, k), 60_000)).as("%d bytes per read", k).isEqualTo(whole);
    }
  }

  @Test
  void should_return_a_message_without_waiting_for_bytes_after_it() throws Exception {
    // given: a pipe that stays open after one message
    dev.codeloop.concurrent.BytePipe pipe = new dev.codeloop.concurrent.BytePipe();
    pipe.out().write(frame("{\"id\":1}").getBytes(StandardCharsets.UTF_8));
    FrameReader reader = new FrameReader(pipe.in(), 1000);

    // when
    java.util.concurrent.CompletableFuture<Optional<FrameReader.Frame>> first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return reader.next();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    // then
    assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .contains(new FrameReader.Frame.Message("{\"id\":1}"));
    pipe.close();
  }

  private static List<FrameReader.Frame> readAll(java.io.InputStream in, long max)
      throws IOException {
    FrameReader reader = new FrameReader(in, max);
    List<FrameReader.Frame> frames = new ArrayList<>();
    Optional<FrameReader.Frame> f;
    while ((f = reader.next()).isPresent()) {
      frames.add(f.get());
    }
    return frames;
  }

  /** A stream of {@code bytes} that returns at most {@code k} bytes per read call. */
  private static java.io.InputStream trickle(byte[] bytes, int k) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, k));
      }
    };
  }
}

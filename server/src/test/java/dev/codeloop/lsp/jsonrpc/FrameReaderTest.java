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
}

package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;

class MessageWriterTest {
  @Test
  void should_escape_lone_surrogates_and_keep_pairs() {
    assertThat(utf8("{\"a\":\"x\uD800y\"}")).isEqualTo("{\"a\":\"x\\ud800y\"}");
    assertThat(utf8("\uDC00\uD83D\uDE00\uD83D")).isEqualTo("\\udc00\uD83D\uDE00\\ud83d");
    String plain = "{\"a\":\"héllo 😀\"}";
    assertThat(utf8(plain)).isEqualTo(plain);
  }

  @Test
  void should_write_utf8_with_lone_surrogates_escaped_and_question_marks_kept() {
    assertThat(utf8("{\"a\":\"x\uD800y?\"}")).isEqualTo("{\"a\":\"x\\ud800y?\"}");
    assertThat(utf8("?\uDC00\uD83D\uDE00\uD83D?")).isEqualTo("?\\udc00\uD83D\uDE00\\ud83d?");
    assertThat(utf8("{\"a\":\"héllo 😀 ? ??\"}")).isEqualTo("{\"a\":\"héllo 😀 ? ??\"}");
    assertThat(utf8("")).isEmpty();
  }

  private static String utf8(String s) {
    return new String(MessageWriter.utf8(s), StandardCharsets.UTF_8);
  }

  @Test
  void should_frame_each_message_with_its_byte_length_whatever_came_before() {
    // given: a writer whose buffers a large message outgrows between two small ones
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageJsonHandler json = new MessageJsonHandler(Map.of());
    MessageWriter writer = new MessageWriter(out, json);
    List<String> results =
        List.of(
            "héllo 😀 x\uD800y", "z".repeat(3 * MessageWriter.KEEP_CHARS) + "ü", "second ?", "");

    // when
    for (int i = 0; i < results.size(); i++) {
      ResponseMessage m = new ResponseMessage();
      m.setId(i + 1);
      m.setResult(results.get(i));
      writer.consume(m);
    }

    // then: the frames hold what LSP4J writes, lone surrogates escaped, lengths in bytes
    byte[] all = out.toByteArray();
    List<String> bodies = new ArrayList<>();
    int at = 0;
    while (at < all.length) {
      int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
      String header = new String(all, at, end - at, StandardCharsets.US_ASCII);
      int length = Integer.parseInt(header.substring("Content-Length: ".length()).trim());
      bodies.add(new String(all, end + 4, length, StandardCharsets.UTF_8));
      at = end + 4 + length;
    }
    assertThat(bodies).hasSize(results.size());
    for (int i = 0; i < results.size(); i++) {
      ResponseMessage m = new ResponseMessage();
      m.setId(i + 1);
      m.setResult(results.get(i));
      // the only lone surrogate of the results is the first one's \uD800, written as its escape
      assertThat(bodies.get(i)).isEqualTo(json.serialize(m).replace("\uD800", "\\ud800"));
    }
    assertThat(bodies.get(0)).contains("\\ud800").contains("😀");
  }

  @Test
  void should_keep_frames_whole_when_threads_write_at_once() throws Exception {
    // given: four threads, each writing 150 responses, some past the kept buffers' size
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter writer = new MessageWriter(out, new MessageJsonHandler(Map.of()));
    int threads = 4;
    int each = 150;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < each; i++) {
                  int id = thread * each + i;
                  ResponseMessage m = new ResponseMessage();
                  m.setId(id);
                  m.setResult(expected(id));
                  writer.consume(m);
                }
              });
      w.start();
      writers.add(w);
    }

    // when
    start.countDown();
    for (Thread w : writers) {
      w.join(30_000);
    }

    // then: every frame parses, carries its own result, and none is missing
    byte[] all = out.toByteArray();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    int at = 0;
    while (at < all.length) {
      int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
      String header = new String(all, at, end - at, StandardCharsets.US_ASCII);
      int length = Integer.parseInt(header.substring("Content-Length: ".length()).trim());
      var body =
          com.google.gson.JsonParser.parseString(
                  new String(all, end + 4, length, StandardCharsets.UTF_8))
              .getAsJsonObject();
      int id = body.get("id").getAsInt();
      assertThat(body.get("result").getAsString()).isEqualTo(expected(id));
      assertThat(seen.add(id)).isTrue();
      at = end + 4 + length;
    }
    assertThat(seen).hasSize(threads * each);
  }

  /** A result of a length that depends on the id: from a few characters to past the kept size. */
  private static String expected(int id) {
    int length = id % 7 == 0 ? MessageWriter.KEEP_CHARS + id : 5 + id % 300;
    return ("é" + id + "😀").repeat(Math.max(1, length / 8));
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

package dev.codeloop.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.FimRequest.ContextSnippet;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import dev.codeloop.model.fim.FimTemplate;
import dev.codeloop.model.fim.SnippetRenderer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawFimClientTest {
  private static final List<FimRequest> REQUESTS =
      List.of(
          new FimRequest("a.py", "python", "def f(x):\n    return ", "\n", List.of(), false),
          new FimRequest(
              "src/A.java",
              "java",
              "class A {\n  \"quoted\" \\ back\tslash é 😀 \u0001\n  int x = ",
              ";\n}\n",
              List.of(
                  new ContextSnippet("B.java", "import b.C;\nclass B {}", 0.9),
                  new ContextSnippet("C.java", "int total(int a) {", 0.5)),
              true),
          new FimRequest("e.txt", "plaintext", "", "", List.of(), true),
          // longer than the generator's buffers, with surrogate pairs and escapes at every offset
          new FimRequest(
              "big.py",
              "python",
              "x = \"a😀\\\t\u00e9\"\n".repeat(3_001) + "😀",
              "😀)\n".repeat(1_703),
              List.of(new ContextSnippet("s.py", "def f(): return '😀'\n".repeat(777), 0.5)),
              true));

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "openai qwen",
        "openai none",
        "openai auto",
        "openai starcoder",
        "ollama qwen",
        "ollama suffix",
        "ollama codellama"
      })
  void should_write_the_same_bytes_as_the_json_tree_of_the_body(String setup) throws Exception {
    String[] parts = setup.split(" ");
    for (Double temperature : new Double[] {null, 0.2, 1e-7}) {
      for (int candidates : new int[] {1, 3}) {
        // given
        ModelSpec.Builder b =
            ModelSpec.builder(
                    "fast",
                    parts[0].equals("ollama")
                        ? ProviderKind.OLLAMA
                        : ProviderKind.OPENAI_COMPATIBLE,
                    "qwen2.5-coder-7b")
                .baseUrl("http://127.0.0.1:1/v1")
                .fimTemplate(parts[1]);
        if (temperature != null) {
          b.temperature(temperature);
        }
        RawFimClient client = new RawFimClient(b.build(), null, Runnable::run);
        for (FimRequest fim : REQUESTS) {
          // when
          byte[] streamed = bytes(client.payload(fim, 64, candidates).publisher());

          // then
          assertThat(streamed)
              .isEqualTo(
                  new ObjectMapper()
                      .writeValueAsBytes(
                          treeBody(b.build(), client.endpoint(), fim, 64, candidates)));
        }
      }
    }
  }

  /**
   * The body as the client built it before it streamed it: a Jackson tree (the reference the
   * streamed bytes must equal).
   */
  private static ObjectNode treeBody(
      ModelSpec spec,
      RawFimClient.Endpoint endpoint,
      FimRequest fim,
      int maxTokens,
      int candidates) {
    Optional<FimTemplate> template = RawFimClient.templateFor(spec);
    String prefix = String.join("", SnippetRenderer.prefixPieces(fim));
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.put("model", spec.modelId());
    List<String> stops = new ArrayList<>();
    if (!fim.multiline()) {
      stops.add("\n");
    }
    if (template.isPresent()) {
      body.put("prompt", template.get().render(prefix, fim.suffix()));
      stops.addAll(template.get().stops());
    } else {
      body.put("prompt", prefix);
      body.put("suffix", fim.suffix());
    }
    Set<String> unique = new LinkedHashSet<>(stops);
    if (endpoint == RawFimClient.Endpoint.OLLAMA_GENERATE) {
      if (template.isPresent()) {
        body.put("raw", true);
      }
      body.put("stream", false);
      ObjectNode options = body.putObject("options");
      options.put("num_predict", maxTokens);
      spec.temperature().ifPresent(t -> options.put("temperature", t));
      if (!unique.isEmpty()) {
        ArrayNode stop = options.putArray("stop");
        unique.forEach(stop::add);
      }
    } else {
      body.put("max_tokens", maxTokens);
      spec.temperature().ifPresent(t -> body.put("temperature", t));
      if (candidates > 1) {
        body.put("n", candidates);
      }
      body.put("stream", false);
      if (!unique.isEmpty()) {
        ArrayNode stop = body.putArray("stop");
        unique.stream().limit(RawFimClient.OPENAI_MAX_STOPS).forEach(stop::add);
      }
    }
    return body;
  }

  private static byte[] bytes(java.net.http.HttpRequest.BodyPublisher publisher) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<Throwable> errors = new ArrayList<>();
    publisher.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            out.write(b, 0, b.length);
          }

          @Override
          public void onError(Throwable t) {
            errors.add(t);
            done.complete(null);
          }

          @Override
          public void onComplete() {
            done.complete(null);
          }
        });
    done.join();
    assertThat(errors).isEmpty();
    assertThat((long) out.size()).isEqualTo(publisher.contentLength());
    return out.toByteArray();
  }
}

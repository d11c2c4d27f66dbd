package dev.codeloop.model;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Adapts the in-process {@link LocalCompletionModel} to the router: FIM only. */
final class EmbeddedModelClient implements ModelClient {
  private final String name;
  private final LocalCompletionModel model;

  EmbeddedModelClient(String name, LocalCompletionModel model) {
    this.name = name;
    this.model = model;
  }

  @Override
  public ModelOutput call(
      ModelCall call, CallControl control, @Nullable Consumer<String> onPartial) {
    if (call.fim().isEmpty()) {
      throw new ModelException(
          ModelException.Kind.UNSUPPORTED,
          name,
          "the embedded model only completes code; configure a chat model (see 'models' and"
              + " 'routes' in the settings) for this feature");
    }
    List<String> texts =
        model.complete(
            call.fim().get(),
            call.candidates(),
            () -> {
              if (control.isCancelled()) {
                throw new CancellationException();
              }
            });
    if (texts.isEmpty() || texts.stream().allMatch(String::isBlank)) {
      throw new ModelException(
          ModelException.Kind.EMPTY_REPLY, name, "the embedded model has no confident suggestion");
    }
    return new ModelOutput(texts, ModelReply.TokenUsage.UNKNOWN);
  }
}

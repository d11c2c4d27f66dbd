package dev.codeloop.model.langchain4j;

import dev.codeloop.model.ModelClient;
import dev.codeloop.model.ModelClientFactory;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The production {@link ModelClientFactory}: every provider but {@code embedded} through
 * LangChain4j. Cheap: LangChain4j models are built on the first call.
 */
public final class LangChain4jClientFactory implements ModelClientFactory {
  private final Executor modelIo;

  /**
   * @param modelIo where LangChain4j's blocking (non-streaming) chat calls run; nothing else does
   */
  public LangChain4jClientFactory(Executor modelIo) {
    this.modelIo = modelIo;
  }

  @Override
  public ModelClient create(ModelSpec spec, Map<String, String> env) {
    if (spec.provider() == ProviderKind.EMBEDDED) {
      throw new IllegalArgumentException("the embedded model is not served by LangChain4j");
    }
    return new LangChain4jModelClient(spec, env, modelIo);
  }
}

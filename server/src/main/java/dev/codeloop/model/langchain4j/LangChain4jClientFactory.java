package dev.codeloop.model.langchain4j;

import dev.codeloop.model.ModelClient;
import dev.codeloop.model.ModelClientFactory;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.Map;

/**
 * The production {@link ModelClientFactory}: every provider but {@code embedded} through
 * LangChain4j. Cheap: LangChain4j models are built on the first call.
 */
public final class LangChain4jClientFactory implements ModelClientFactory {
  @Override
  public ModelClient create(ModelSpec spec, Map<String, String> env) {
    if (spec.provider() == ProviderKind.EMBEDDED) {
      throw new IllegalArgumentException("the embedded model is not served by LangChain4j");
    }
    return new LangChain4jModelClient(spec, env);
  }
}

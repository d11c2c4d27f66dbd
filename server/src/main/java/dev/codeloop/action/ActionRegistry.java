package dev.codeloop.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers of one session, in light-bulb order. Proposing isolates providers: one that throws
 * is logged and skipped, so it never empties the light bulb.
 */
public final class ActionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRegistry.class);

  /** A proposal and the provider it came from. */
  public record Proposed(String providerId, ActionProposal proposal) {}

  private final Map<String, ActionProvider> providers = new LinkedHashMap<>();

  public ActionRegistry(List<ActionProvider> providers) {
    for (ActionProvider p : providers) {
      if (this.providers.putIfAbsent(p.id(), p) != null) {
        throw new IllegalArgumentException("action provider registered twice: " + p.id());
      }
    }
  }

  public Optional<ActionProvider> provider(String id) {
    return Optional.ofNullable(providers.get(id));
  }

  public List<Proposed> propose(ActionContext context) {
    List<Proposed> out = new ArrayList<>(2 * providers.size());
    for (ActionProvider p : providers.values()) {
      try {
        for (ActionProposal proposal : p.propose(context)) {
          if (ActionKinds.matches(proposal.kind(), context.only())) {
            out.add(new Proposed(p.id(), proposal));
          }
        }
      } catch (CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Action provider '{}' failed to propose; skipped", p.id(), e);
      }
    }
    return out;
  }
}

package dev.codeloop.model;

import java.time.Instant;
import java.util.List;

/**
 * One outbound model request, as the egress audit records it: never the content.
 *
 * @param session the session (editor connection) that sent it
 * @param model the name the session's settings give the model
 * @param identity provider, endpoint and model id
 * @param bytes the size of the prompt text sent (UTF-8)
 * @param files the workspace files whose content it includes
 * @param redactions how many secret-looking strings were masked in it
 */
public record Egress(
    Instant time,
    String session,
    Task task,
    String model,
    ModelIdentity identity,
    long bytes,
    List<String> files,
    int redactions) {

  /** Where the audit goes; one per session. */
  public interface Sink {
    /** No audit: nothing is measured or recorded. */
    Sink NONE =
        new Sink() {
          @Override
          public boolean enabled() {
            return false;
          }

          @Override
          public void sent(Egress egress) {}
        };

    /** Whether records are wanted now; when not, the router does not build them. */
    default boolean enabled() {
      return true;
    }

    void sent(Egress egress);
  }

  /** The host of the endpoint ({@code in-process} for the embedded model). */
  public String host() {
    String endpoint = identity.endpoint();
    if (endpoint.isEmpty()) {
      return "in-process";
    }
    try {
      String h = java.net.URI.create(endpoint).getHost();
      return h == null ? endpoint : h;
    } catch (IllegalArgumentException e) {
      return endpoint;
    }
  }
}

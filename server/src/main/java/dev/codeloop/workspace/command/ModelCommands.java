package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.SessionRouter;
import dev.codeloop.model.Task;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The router's commands of one session: {@code codeloop.stats} (this session's view, and the
 * backend's under {@code backend}), {@code codeloop.doctor}, {@code codeloop.selectModel}.
 */
public final class ModelCommands {
  private final SessionRouter router;
  private final ObjectMapper mapper;
  private final Supplier<JsonNode> extraStats;
  private final Supplier<String> doctorSections;

  /**
   * @param extraStats further statistics merged into {@code codeloop.stats} (e.g. completion
   *     acceptance)
   * @param doctorSections further Markdown sections of {@code codeloop.doctor} (the detected checks
   *     and tests)
   */
  public ModelCommands(
      SessionRouter router,
      ObjectMapper mapper,
      Supplier<JsonNode> extraStats,
      Supplier<String> doctorSections) {
    this.doctorSections = doctorSections;
    this.router = router;
    this.mapper = mapper;
    this.extraStats = extraStats;
  }

  public CommandRegistry.Builder registerInto(CommandRegistry.Builder builder) {
    return builder
        .register(Commands.STATS, (inv, cancel) -> stats())
        .register(
            Commands.DOCTOR,
            (inv, cancel) -> {
              ObjectNode out = mapper.createObjectNode();
              out.put(
                  "markdown",
                  router.doctor(cancel).stripTrailing() + "\n\n" + doctorSections.get());
              out.put("shown", false);
              return out;
            })
        .register(Commands.SELECT_MODEL, (inv, cancel) -> select(inv));
  }

  private JsonNode stats() {
    ObjectNode out = mapper.createObjectNode();
    JsonNode routerStats = mapper.valueToTree(router.stats());
    if (routerStats.isObject()) {
      out.setAll((ObjectNode) routerStats);
    }
    out.set("backend", mapper.valueToTree(router.backendStats()));
    JsonNode extra = extraStats.get();
    if (extra != null && extra.isObject()) {
      out.setAll((ObjectNode) extra);
    }
    return out;
  }

  private JsonNode select(CommandInvocation inv) {
    String taskId = inv.requireString(0, "task");
    Task task =
        Task.fromId(taskId)
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        Commands.SELECT_MODEL
                            + ": unknown task '"
                            + taskId
                            + "' (known: "
                            + String.join(", ", Arrays.stream(Task.values()).map(Task::id).toList())
                            + ")"));
    String model =
        inv.argument(1).filter(JsonNode::isTextual).map(JsonNode::textValue).orElse(null);
    router.selectModel(task, model);
    ObjectNode out = mapper.createObjectNode();
    out.put("task", task.id());
    out.set("route", mapper.valueToTree(router.route(task)));
    out.set("selected", mapper.valueToTree(router.selectedModels()));
    return out;
  }
}

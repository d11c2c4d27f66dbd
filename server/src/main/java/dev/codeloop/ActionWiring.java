package dev.codeloop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionRegistry;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.action.ProjectFiles;
import dev.codeloop.action.StoreProjectFiles;
import dev.codeloop.action.plan.PlanProvider;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.chat.AskService;
import dev.codeloop.chat.ChatService;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.JsonConvert;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.WorkDoneProgressFactory;
import dev.codeloop.lsp.convert.ActionDataCodec;
import dev.codeloop.lsp.convert.WorkspaceEditFactory;
import dev.codeloop.lsp.handler.ActionCommandHandler;
import dev.codeloop.lsp.handler.AnswerPresenter;
import dev.codeloop.lsp.handler.AskCommandHandler;
import dev.codeloop.lsp.handler.ChatCommandHandler;
import dev.codeloop.lsp.handler.CodeActionHandler;
import dev.codeloop.lsp.handler.CodeActionResolveHandler;
import dev.codeloop.lsp.handler.CommandArguments;
import dev.codeloop.lsp.handler.EditApplier;
import dev.codeloop.lsp.handler.WorkProgress;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.settings.SettingsStore;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.Commands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** Wires one session's AI code actions and chat: providers, engine, handlers and their commands. */
final class ActionWiring {
  /** How long we wait for the editor to apply an edit or show a document. */
  static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);

  /** The code action handlers and the commands of the action/chat features of one session. */
  record Actions(
      CodeActionHandler propose,
      CodeActionResolveHandler resolve,
      Map<String, CommandHandler> commands) {}

  private ActionWiring() {}

  static Actions build(
      DocumentStore documents,
      SettingsStore settings,
      SessionContext context,
      JsonConvert json,
      ModelGateway models,
      dev.codeloop.workspace.privacy.PrivacyFilter workspacePrivacy,
      WorkDoneProgressFactory progressFactory,
      ObjectMapper mapper,
      Path answersDir,
      ScheduledExecutorService scheduler) {
    ActionDataCodec codec = new ActionDataCodec();
    ProjectFiles files = new StoreProjectFiles(documents, context::roots);
    ModelPrompter prompter = new ModelPrompter(models);
    CodeRewriter rewriter = new CodeRewriter(prompter, new ReplyParser(mapper));
    ActionRegistry registry =
        new ActionRegistry(
            BuiltInActions.providers(rewriter, () -> settings.current().codeActions()));
    ActionEngine engine = new ActionEngine(registry, documents, files, models, workspacePrivacy);
    EditApplier edits = new EditApplier(context, new WorkspaceEditFactory(), CLIENT_TIMEOUT);
    AnswerPresenter answers = new AnswerPresenter(context, answersDir, CLIENT_TIMEOUT);
    CommandArguments arguments = new CommandArguments(codec, json);
    WorkProgress progress = new WorkProgress(progressFactory, context, scheduler);
    Map<String, CommandHandler> commands = new LinkedHashMap<>();
    commands.put(
        Commands.APPLY_ACTION,
        new ActionCommandHandler(
            Optional.empty(), engine, documents, arguments, edits, answers, mapper, progress));
    commands.put(
        Commands.PLAN,
        new ActionCommandHandler(
            Optional.of(PlanProvider.ID),
            engine,
            documents,
            arguments,
            edits,
            answers,
            mapper,
            progress));
    commands.put(
        Commands.CHAT,
        new ChatCommandHandler(
            new ChatService(models, workspacePrivacy),
            documents,
            files,
            context,
            arguments,
            mapper,
            CLIENT_TIMEOUT,
            progress,
            scheduler));
    commands.put(
        Commands.ASK,
        new AskCommandHandler(
            new AskService(prompter, workspacePrivacy),
            files,
            arguments,
            answers,
            mapper,
            progress));
    return new Actions(
        new CodeActionHandler(documents, engine, context, settings, codec),
        new CodeActionResolveHandler(engine, codec, edits, answers, progress),
        commands);
  }
}

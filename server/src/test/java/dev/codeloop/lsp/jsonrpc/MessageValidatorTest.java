package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.jsonrpc.validation.ReflectiveMessageValidator;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageValidator} finds what LSP4J's {@link ReflectiveMessageValidator} finds, in the same
 * words, on real LSP messages parsed as the session parses them.
 */
class MessageValidatorTest {
  private final MessageJsonHandler json =
      new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));

  private static final List<String> MESSAGES =
      List.of(
          // valid
          """
          {"jsonrpc":"2.0","id":1,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///a.java"},"position":{"line":1,"character":2}}}""",
          """
          {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.java","version":3},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"text":"x"},{"text":"whole"}]}}""",
          """
          {"jsonrpc":"2.0","id":"s","method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///a.java"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m"}]}}}""",
          """
          {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"codeloop.stats","arguments":[1,"two",{"three":3},null]}}""",
          // a required field missing, at the top and nested
          """
          {"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"position":{"line":1,"character":2}}}""",
          """
          {"jsonrpc":"2.0","id":4,"method":"textDocument/completion","params":{"textDocument":{},"position":{"line":1}}}""",
          """
          {"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///a.java"},"range":{"start":{"line":0,"character":0}},"context":{"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}}]}}}""",
          // a null in a list, several issues at once
          """
          {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.java","version":3},"contentChanges":[null,{"range":{"start":{"line":0}}}]}}""",
          """
          {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.java","version":1}}}""",
          """
          {"jsonrpc":"2.0","id":6,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"textDocument":{"completion":{"completionItem":{"snippetSupport":true}}}},"workspaceFolders":[{"uri":"file:///w"},{"name":"n"}]}}""");

  @Test
  void should_find_the_issues_lsp4j_finds_in_the_same_words() {
    ReflectiveMessageValidator reference = new ReflectiveMessageValidator();
    MessageValidator validator = new MessageValidator();
    int invalid = 0;
    for (int round = 0; round < 2; round++) { // the second round from the accessor cache
      for (String text : MESSAGES) {
        Message message = json.parseMessage(text);
        List<String> expected = issues(() -> reference.consume(message));
        List<String> actual = issues(() -> validator.validate(message));
        assertThat(actual).as(text).isEqualTo(expected);
        invalid += expected.isEmpty() ? 0 : 1;
      }
    }
    assertThat(invalid).isEqualTo(12);
  }

  @Test
  void should_give_every_connection_the_same_answers_from_one_shared_instance() throws Exception {
    // given one validator for the process, and what it says of each message on its own
    MessageValidator shared = new MessageValidator();
    List<Message> messages = MESSAGES.stream().map(json::parseMessage).toList();
    List<List<String>> expected = new ArrayList<>();
    for (Message m : messages) {
      expected.add(issues(() -> new MessageValidator().validate(m)));
    }

    // when four connections' reader threads validate with it at the same time
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<List<String>>>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            threads.submit(
                () -> {
                  List<List<String>> seen = new ArrayList<>();
                  for (int round = 0; round < 200; round++) {
                    seen.clear();
                    for (Message m : messages) {
                      seen.add(issues(() -> shared.validate(m)));
                    }
                  }
                  return seen;
                }));
      }

      // then each gets what a validator of its own would have said
      for (var run : runs) {
        assertThat(run.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void should_name_the_path_of_each_missing_field() {
    Message message =
        json.parseMessage(
            """
            {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.java","version":3},"contentChanges":[null,{"range":{"start":{"line":0}}}]}}""");

    assertThatThrownBy(() -> new MessageValidator().validate(message))
        .isInstanceOf(MessageIssueException.class)
        .satisfies(
            e ->
                assertThat(issues(() -> new MessageValidator().validate(message)))
                    .contains(
                        "Lists must not contain null references. Path: $.params.contentChanges[0] (-32602)",
                        "The accessor 'Range.getEnd()' must return a non-null value. Path:"
                            + " $.params.contentChanges[1].range.end (-32602)",
                        "The accessor 'TextDocumentContentChangeEvent.getText()' must return a"
                            + " non-null value. Path: $.params.contentChanges[1].text (-32602)"));
  }

  private interface Check {
    void run() throws MessageIssueException;
  }

  private static List<String> issues(Check check) {
    try {
      check.run();
      return List.of();
    } catch (MessageIssueException e) {
      List<String> out = new ArrayList<>();
      for (MessageIssue issue : e.getIssues()) {
        out.add(issue.getText() + " (" + issue.getIssueCode() + ")");
      }
      return out;
    }
  }
}

package dev.codeloop.action.refactor;

import static dev.codeloop.action.ActionAssert.te;

import dev.codeloop.action.ActionAssert;
import dev.codeloop.errors.CodeloopException;
import org.junit.jupiter.api.Test;

class RefactorProviderTest {

  @Test
  void should_replace_only_what_changed_when_the_model_rewrites_the_line() {
    ActionAssert.forText("int x = foo(|bar|);")
        .withModelReply("```java\nint x = foo(baz);\n```")
        .expectProposals(
            "Refactor with AI",
            "Add documentation with AI",
            "Explain with AI",
            "Generate unit tests with AI",
            "Plan this change with AI")
        .resolve(0)
        .expectEdits(te(0, 12, 0, 15, "baz"));
  }

  @Test
  void should_pass_the_users_instruction_to_the_model() {
    // given
    ActionAssert a =
        ActionAssert.forText("class A {\n  int f() {\n    return |1;\n  }\n}\n")
            .withModelReply("```java\n  int f() {\n    return ONE;\n  }\n```");

    // when
    a.resolve("Refactor with AI", "use a constant");

    // then
    a.expectPromptContaining("Instruction: use a constant", "int f() {")
        .expectEdits(te(2, 11, 2, 12, "ONE"));
  }

  @Test
  void should_restore_indentation_the_model_dropped() {
    ActionAssert.forText("class A {\n  void f() {\n    |a();\n  }\n}\n")
        .withModelReply("```java\nvoid f() {\n  b();\n}\n```")
        .resolve("Refactor with AI")
        .expectText("class A {\n  void f() {\n    b();\n  }\n}\n");
  }

  @Test
  void should_fail_without_edit_when_the_reply_has_no_code() {
    ActionAssert.forText("int x = |1;")
        .withModelReply("Sorry, I can't help with that.")
        .expectResolveError(
            "Refactor with AI", CodeloopException.Kind.REQUEST_FAILED, "no code block");
  }

  @Test
  void should_fail_when_the_model_suggests_no_change() {
    ActionAssert.forText("int x = |1;")
        .withModelReply("```java\nint x = 1;\n```")
        .expectResolveError("Refactor with AI", CodeloopException.Kind.REQUEST_FAILED, "no change");
  }
}

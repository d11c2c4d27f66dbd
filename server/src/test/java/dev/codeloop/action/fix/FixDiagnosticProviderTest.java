package dev.codeloop.action.fix;

import static dev.codeloop.action.ActionAssert.te;

import dev.codeloop.action.ActionAssert;
import dev.codeloop.action.Diagnostic;
import dev.codeloop.action.TextRange;
import org.junit.jupiter.api.Test;

class FixDiagnosticProviderTest {

  private static final Diagnostic MISSING =
      new Diagnostic(
          TextRange.of(2, 4, 2, 9), "cannot find symbol: prnt", "error", "javac", "compiler.err");

  @Test
  void should_offer_one_quickfix_per_diagnostic_in_range() {
    ActionAssert.forText("class A {\n  void f() {\n    |prnt(1);\n  }\n}\n")
        .withDiagnostic(MISSING)
        .withDiagnostic(new Diagnostic(TextRange.of(0, 0, 0, 1), "far away", "warning", "x", ""))
        .expectProposals(
            "Fix with AI: cannot find symbol: prnt",
            "Refactor with AI",
            "Add documentation with AI",
            "Explain with AI",
            "Generate unit tests with AI",
            "Plan this change with AI");
  }

  @Test
  void should_send_the_diagnostic_and_nearby_code_and_fix_minimally() {
    ActionAssert.forText("class A {\n  void f() {\n    |prnt(1);\n  }\n}\n")
        .withDiagnostic(MISSING)
        .withModelReply("```java\nclass A {\n  void f() {\n    print(1);\n  }\n}\n```")
        .resolve("Fix with AI: cannot find symbol: prnt")
        .expectPromptContaining(
            "cannot find symbol: prnt", "(javac compiler.err)", "line 3 of these lines")
        .expectEdits(te(2, 4, 2, 8, "print"));
  }
}

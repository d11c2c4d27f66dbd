package dev.codeloop.workspace.tool.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The output parsers by tool id ({@code javac}, {@code maven}, {@code tsc}, ...). */
public final class Parsers {

  private final Map<String, OutputParser> byTool;

  public Parsers() {
    Map<String, OutputParser> parsers = new LinkedHashMap<>();
    parsers.put("javac", new JavacParser());
    parsers.put("maven", new MavenCompilerParser());
    parsers.put("gcc", new GccParser("gcc"));
    parsers.put("clang", new GccParser("clang"));
    parsers.put("tsc", new TscParser());
    parsers.put("eslint", new EslintParser());
    parsers.put("ruff", new PyLintParser("ruff"));
    parsers.put("flake8", new PyLintParser("flake8"));
    parsers.put("mypy", new MypyParser());
    parsers.put("govet", new GoVetParser());
    parsers.put("junit-xml", new JUnitXmlParser("junit-xml"));
    parsers.put("node-test", new NodeTestParser());
    parsers.put("go-test-json", new GoTestJsonParser());
    parsers.put("cargo-json", new CargoJsonParser());
    this.byTool = Map.copyOf(parsers);
  }

  /** The parser for a tool's printed output. */
  public Optional<OutputParser> forTool(String toolId) {
    return Optional.ofNullable(byTool.get(toolId));
  }

  /** The parser for report files a tool writes ({@code junit-xml}), when it has one. */
  public Optional<ReportParser> reportParser(String toolId) {
    return forTool(toolId).filter(ReportParser.class::isInstance).map(ReportParser.class::cast);
  }

  public Set<String> toolIds() {
    return byTool.keySet();
  }
}

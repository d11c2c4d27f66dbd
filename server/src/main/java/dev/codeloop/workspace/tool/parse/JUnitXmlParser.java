package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * JUnit XML reports (Surefire/Failsafe {@code TEST-*.xml}, Gradle, pytest {@code --junitxml}): each
 * {@code <failure>} or {@code <error>} becomes a TEST finding at the first stack frame whose file
 * is in the working directory's source tree, else at line 0 of the test's own file. DTDs and
 * external entities are refused.
 */
public final class JUnitXmlParser implements OutputParser, ReportParser {

  private static final List<String> JVM_ROOTS =
      List.of("src/test/java", "src/main/java", "src/test/kotlin", "src/main/kotlin");

  private final String tool;

  public JUnitXmlParser(String tool) {
    this.tool = tool;
  }

  @Override
  public List<Finding> parseReport(Path report, Path workingDirectory) {
    try {
      return parse(Files.readString(report, StandardCharsets.UTF_8), workingDirectory);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    Document document = document(output);
    if (document == null) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    NodeList testcases = document.getElementsByTagName("testcase");
    for (int i = 0; i < testcases.getLength(); i++) {
      Element testcase = (Element) testcases.item(i);
      Element problem = problem(testcase);
      if (problem != null) {
        findings.add(finding(testcase, problem, workingDirectory.toAbsolutePath()));
      }
    }
    return findings;
  }

  private Finding finding(Element testcase, Element problem, Path workingDirectory) {
    String trace = problem.getTextContent();
    String reason = problem.getAttribute("message");
    if (reason.isBlank()) {
      reason = trace;
    }
    String name = testcase.getAttribute("name");
    String message = Text.firstLine(reason);
    message = message.isEmpty() ? name : name + ": " + message;
    Frame frame = firstLocalFrame(trace, workingDirectory);
    if (frame == null) {
      frame = new Frame(ownFile(testcase, workingDirectory), 0);
    }
    return new Finding(
        frame.file(),
        frame.line(),
        0,
        0,
        0,
        Severity.ERROR,
        message,
        problem.getAttribute("type"),
        Kind.TEST,
        tool);
  }

  private static @Nullable Element problem(Element testcase) {
    for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && (element.getTagName().equals("failure") || element.getTagName().equals("error"))) {
        return element;
      }
    }
    return null;
  }

  record Frame(Path file, int line) {}

  /**
   * The first frame naming a file that exists in the source tree: Java {@code at
   * pkg.Cls.m(Cls.java:42)}, Python {@code File "path", line 42} or pytest's {@code path.py:42:}.
   */
  static @Nullable Frame firstLocalFrame(String trace, Path workingDirectory) {
    for (String line : (Iterable<String>) trace.lines()::iterator) {
      String text = line.strip();
      Frame frame =
          text.startsWith("at ")
              ? javaFrame(text.substring(3), workingDirectory)
              : pythonFrame(text, workingDirectory);
      if (frame != null) {
        return frame;
      }
    }
    return null;
  }

  private static @Nullable Frame javaFrame(String frame, Path workingDirectory) {
    int open = frame.indexOf('(');
    int colon = frame.lastIndexOf(':');
    if (open <= 0 || colon < open || !frame.endsWith(")")) {
      return null;
    }
    int line = Text.number(frame.substring(colon + 1, frame.length() - 1));
    String fileName = frame.substring(open + 1, colon);
    String method = frame.substring(frame.lastIndexOf('/', open) + 1, open);
    int methodDot = method.lastIndexOf('.');
    if (line < 0 || methodDot < 0 || fileName.indexOf('/') >= 0) {
      return null;
    }
    String type = method.substring(0, methodDot);
    int packageDot = type.lastIndexOf('.');
    String directory = packageDot < 0 ? "" : type.substring(0, packageDot).replace('.', '/') + "/";
    Path file = existing(workingDirectory, directory + fileName);
    return file == null ? null : new Frame(file, line);
  }

  private static @Nullable Path existing(Path workingDirectory, String relative) {
    for (String root : JVM_ROOTS) {
      Path candidate = Text.resolve(workingDirectory, root + "/" + relative);
      if (candidate != null && Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static @Nullable Frame pythonFrame(String text, Path workingDirectory) {
    String path;
    int line;
    if (text.startsWith("File \"")) {
      int close = text.indexOf("\", line ", 6);
      if (close < 0) {
        return null;
      }
      int start = close + "\", line ".length();
      path = text.substring(6, close);
      line = Text.number(text.substring(start, Text.digitsEnd(text, start)));
    } else {
      Text.ColonLocation location = Text.colonLocation(text);
      if (location == null || location.numbers().size() != 1 || !location.path().endsWith(".py")) {
        return null;
      }
      path = location.path();
      line = location.number(0);
    }
    Path file = Text.resolve(workingDirectory, path);
    if (line < 0
        || file == null
        || !file.startsWith(workingDirectory)
        || !Files.isRegularFile(file)) {
      return null;
    }
    return new Frame(file, line);
  }

  /**
   * The test class's file: a Java source under the JVM roots, a Python module, or pytest's file.
   */
  private static Path ownFile(Element testcase, Path workingDirectory) {
    String classname = testcase.getAttribute("classname");
    int nested = classname.indexOf('$');
    String type = nested < 0 ? classname : classname.substring(0, nested);
    String java = type.replace('.', '/') + ".java";
    Path file = existing(workingDirectory, java);
    if (file != null) {
      return file;
    }
    Path python = Text.resolve(workingDirectory, type.replace('.', '/') + ".py");
    if (python != null && Files.isRegularFile(python)) {
      return python;
    }
    Path declared = Text.resolve(workingDirectory, testcase.getAttribute("file"));
    if (declared != null) {
      return declared;
    }
    Path guess = Text.resolve(workingDirectory, JVM_ROOTS.get(0) + "/" + java);
    return guess == null ? workingDirectory : guess;
  }

  private static @Nullable Document document(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException | RuntimeException e) {
      return null;
    }
  }
}

package dev.codeloop.workspace.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.model.Egress;
import dev.codeloop.settings.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress audit: appends one JSON line per outbound model request to the file the user named in
 * {@code audit.egressLog} of their own settings file (off when empty). Records what left, where to
 * and why — time, session, task, model, host, bytes, files included, redactions — never the
 * content. Written on a background executor; the file is created owner-only.
 */
public final class EgressLog implements Egress.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(EgressLog.class);

  private final Supplier<String> file;
  private final ObjectMapper mapper;
  private final Executor writer;
  private final Object lock = new Object();

  /**
   * @param file the current {@code audit.egressLog} setting (read per record)
   * @param writer where appends run (never a request thread)
   */
  public EgressLog(Supplier<String> file, ObjectMapper mapper, Executor writer) {
    this.file = file;
    this.mapper = mapper;
    this.writer = writer;
  }

  @Override
  public boolean enabled() {
    String path = file.get();
    return path != null && !path.isBlank();
  }

  @Override
  public void sent(Egress e) {
    String path = file.get();
    if (path == null || path.isBlank()) {
      return;
    }
    String line = line(e);
    try {
      writer.execute(() -> append(Path.of(path), line));
    } catch (RejectedExecutionException ex) {
      LOG.warn("egress audit record dropped: {}", ex.toString());
    }
  }

  String line(Egress e) {
    ObjectNode n = mapper.createObjectNode();
    n.put("time", e.time().toString());
    n.put("session", e.session());
    n.put("task", e.task().id());
    n.put("model", e.model());
    n.put("provider", e.identity().provider().id());
    n.put("host", e.host());
    n.put("bytes", e.bytes());
    var files = n.putArray("files");
    e.files().forEach(files::add);
    n.put("redactions", e.redactions());
    return n.toString() + "\n";
  }

  private void append(Path path, String line) {
    synchronized (lock) {
      try {
        boolean existed = Files.exists(path);
        if (path.getParent() != null) {
          Files.createDirectories(path.getParent());
        }
        Files.writeString(
            path,
            line,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        if (!existed) {
          PrivateFiles.ownerOnly(path);
        }
      } catch (IOException | RuntimeException ex) {
        LOG.warn("cannot append to the egress audit {}: {}", path, ex.toString());
      }
    }
  }
}

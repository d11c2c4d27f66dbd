package dev.codeloop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoggingSetupTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"})
  void should_start_each_line_with_the_local_time_of_day_to_the_millisecond(String zoneId) {
    // given: instants over several years (daylight saving changes included) and a reference
    // formatter of java.time
    TimeZone zone = TimeZone.getTimeZone(zoneId);
    LoggingSetup.LineFormatter formatter = new LoggingSetup.LineFormatter(zone);
    DateTimeFormatter reference =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.of(zoneId));
    Random random = new Random(7);

    for (int i = 0; i < 2_000; i++) {
      long millis = 1_600_000_000_000L + (long) (random.nextDouble() * 300_000_000_000L);
      LogRecord record = new LogRecord(Level.INFO, "hello");
      record.setLoggerName("dev.codeloop.lsp.Something");
      record.setInstant(Instant.ofEpochMilli(millis));

      // when
      String line = formatter.format(record);

      // then
      assertThat(line)
          .startsWith(reference.format(Instant.ofEpochMilli(millis)) + " INFO Something [")
          .contains("] hello");
    }
  }
}

package dev.psapolicy.service.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The history on H2 (the embedded default), plus the URL checks. */
class HistoryTest extends HistoryContract {
  private static final AtomicInteger DB = new AtomicInteger();
  private final String url = "jdbc:h2:mem:history" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1";

  @Override
  String url() {
    return url;
  }

  @Test
  void onlyH2AndPostgresql() {
    History.UnsupportedDatabaseException e =
        assertThrows(
            History.UnsupportedDatabaseException.class,
            () -> History.open("jdbc:mysql://db/x?password=hunter2", null, null));
    assertEquals(
        "--db must be a jdbc:h2: or jdbc:postgresql: URL, found 'jdbc:mysql://db/x?...'",
        e.getMessage());
  }

  @Test
  void messagesNeverShowAPasswordInTheUrl() {
    assertEquals(
        "jdbc:postgresql://db/x?...", History.redact("jdbc:postgresql://db/x?user=a&password=b"));
    assertEquals(
        "jdbc:h2:file:/s/history;...", History.redact("jdbc:h2:file:/s/history;PASSWORD=b"));
    assertEquals(
        "jdbc:postgresql://...@db:5432/x", History.redact("jdbc:postgresql://a:b@db:5432/x"));
  }

  @Test
  void aUrlTheDriverCannotParseIsNotQuotedWithItsPassword() {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> History.open("jdbc:postgresql://db:port/x?password=hunter2", null, null));
    assertEquals(
        "cannot migrate the history database: Unable to parse URL jdbc:postgresql://db:port/x?...",
        e.getMessage());
  }
}

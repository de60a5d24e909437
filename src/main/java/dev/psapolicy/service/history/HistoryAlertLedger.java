package dev.psapolicy.service.history;

import dev.psapolicy.alert.AlertLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link AlertLedger} of {@code serve}: the table {@code alert_ledger} of the history database
 * (migration V2), so that a restart sends no alert again. A database error is thrown as {@link
 * LedgerException} (unchecked, as the interface allows no checked one): the caller sends nothing
 * for that run rather than sending twice.
 */
public final class HistoryAlertLedger implements AlertLedger {
  /** The history database could not be read or written. */
  public static final class LedgerException extends RuntimeException {
    LedgerException(SQLException cause) {
      super("alert ledger: " + firstLine(cause.getMessage()), cause);
    }
  }

  private final History history;

  /** The ledger in {@code history}'s database. */
  public HistoryAlertLedger(History history) {
    this.history = Objects.requireNonNull(history);
  }

  @Override
  public boolean sent(Entry e) {
    try (Connection c = history.connect();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT 1 FROM alert_ledger WHERE instance = ? AND webhook = ? AND alert_key = ?")) {
      bind(p, e, 1);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException x) {
      throw new LedgerException(x);
    }
  }

  @Override
  public void markSent(Entry e, Instant at) {
    try (Connection c = history.connect();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO alert_ledger (instance, webhook, alert_key, sent_at)"
                    + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM alert_ledger"
                    + " WHERE instance = ? AND webhook = ? AND alert_key = ?)")) {
      bind(p, e, 1);
      p.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      bind(p, e, 5);
      p.executeUpdate();
    } catch (SQLException x) {
      throw new LedgerException(x);
    }
  }

  @Override
  public Set<Entry> entries(String instance) {
    Set<Entry> out = new LinkedHashSet<>();
    try (Connection c = history.connect();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT webhook, alert_key FROM alert_ledger WHERE instance = ? ORDER BY id")) {
      p.setString(1, instance);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(instance, rs.getString(1), rs.getString(2)));
        }
      }
    } catch (SQLException x) {
      throw new LedgerException(x);
    }
    return Set.copyOf(out);
  }

  @Override
  public void forget(Collection<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try (Connection c = history.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement(
              "DELETE FROM alert_ledger WHERE instance = ? AND webhook = ? AND alert_key = ?")) {
        for (Entry e : entries) {
          bind(p, e, 1);
          p.addBatch();
        }
        p.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException x) {
        c.rollback();
        throw x;
      }
    } catch (SQLException x) {
      throw new LedgerException(x);
    }
  }

  private static void bind(PreparedStatement p, Entry e, int from) throws SQLException {
    p.setString(from, e.instance());
    p.setString(from + 1, e.webhook());
    p.setString(from + 2, e.alertKey());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}

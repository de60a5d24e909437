package dev.psapolicy.service.history;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.report.Severity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The run history in a JDBC database: H2 (the embedded default, a file under the state folder) or
 * PostgreSQL, one schema for both, migrated by Flyway from {@value #MIGRATIONS} when opened. A
 * connection per operation, so that a database that went away and came back is used again without a
 * pool to heal.
 */
public final class History {
  /** Where the migrations live on the class path. */
  public static final String MIGRATIONS = "classpath:dev/psapolicy/service/history/migration";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_COLUMNS =
      "run_id, instance, started_at, finished_at, status, exit_code, gate_outcome, fail_on,"
          + " open_critical, open_high, open_medium, open_low, open_info, violations_total, inputs,"
          + " evidence_path, manifest_sha256, error";

  private final String url;
  private final Properties props;

  private History(String url, Properties props) {
    this.url = url;
    this.props = props;
  }

  /** Thrown when a JDBC URL names a database psa-policy does not support. */
  public static final class UnsupportedDatabaseException extends Exception {
    public UnsupportedDatabaseException(String message) {
      super(message);
    }
  }

  /**
   * Opens the history and migrates its schema.
   *
   * @param url {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
   * @param user the database user, or null
   * @param password the password, or null (never logged)
   * @throws UnsupportedDatabaseException for another kind of URL
   * @throws SQLException when the database cannot be reached or migrated
   */
  public static History open(String url, String user, String password)
      throws SQLException, UnsupportedDatabaseException {
    String kind = kind(url);
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    History h = new History(url, props);
    try {
      Flyway.configure(History.class.getClassLoader())
          .dataSource(url, user, password)
          .locations(MIGRATIONS)
          .placeholders(Map.of("text", kind.equals("h2") ? "CHARACTER LARGE OBJECT" : "TEXT"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      Throwable c = e;
      while (c.getCause() != null && !(c instanceof SQLException)) {
        c = c.getCause();
      }
      // a driver that cannot parse the URL quotes it whole ("Unable to parse URL jdbc:...")
      throw new SQLException(
          "cannot migrate the history database: "
              + (c.getMessage() == null
                  ? c.getClass().getSimpleName()
                  : firstLine(c.getMessage()).replace(url, redact(url))));
    }
    return h;
  }

  /** {@code h2} or {@code postgresql}. */
  static String kind(String url) throws UnsupportedDatabaseException {
    String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:h2:")) {
      return "h2";
    }
    if (u.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    throw new UnsupportedDatabaseException(
        "--db must be a jdbc:h2: or jdbc:postgresql: URL, found '" + redact(url) + "'");
  }

  /**
   * The URL without its query and without {@code user:password@} (either may carry a password), for
   * messages.
   */
  public static String redact(String url) {
    if (url == null) {
      return "";
    }
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q) + "?...";
    // H2 takes settings after ';' (PASSWORD=... among them)
    int semi = base.indexOf(';');
    base = semi < 0 ? base : base.substring(0, semi) + ";...";
    int host = base.indexOf("://");
    int at = host < 0 ? -1 : base.lastIndexOf('@');
    return at < 0 ? base : base.substring(0, host + 3) + "...@" + base.substring(at + 1);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, props);
  }

  /** Checks that the database answers. */
  public void ping() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }

  /** Writes a finished run and its violations in one transaction. */
  public void insert(RunRecord r, String reportJson, List<FindingRow> findings)
      throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        long pk;
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO runs ("
                    + RUN_COLUMNS
                    + ", report_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                new String[] {"id"})) {
          int i = 1;
          p.setString(i++, r.runId());
          p.setString(i++, r.instance());
          p.setObject(i++, time(r.startedAt()));
          p.setObject(i++, time(r.finishedAt()));
          p.setString(i++, r.status().id());
          setInt(p, i++, r.exitCode());
          p.setString(i++, r.gateOutcome());
          p.setString(i++, r.failOn() == null ? null : r.failOn().id());
          for (Severity s : Severity.values()) {
            p.setInt(i++, r.open().get(s));
          }
          p.setInt(i++, r.violationsTotal());
          p.setString(i++, json(r.inputs()));
          p.setString(i++, cut(r.evidencePath(), 1024));
          p.setString(i++, r.manifestSha256());
          p.setString(i++, cut(r.error(), 2000));
          p.setString(i++, reportJson);
          p.executeUpdate();
          try (ResultSet keys = p.getGeneratedKeys()) {
            keys.next();
            pk = keys.getLong(1);
          }
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO violations (run_pk, fingerprint, rule_id, severity, platform,"
                    + " principal_id, principal_name, cell, verb, disposition, disposition_ref)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
          for (FindingRow f : findings) {
            p.setLong(1, pk);
            p.setString(2, f.fingerprint());
            p.setString(3, cut(f.ruleId(), 200));
            p.setString(4, f.severity().id());
            p.setString(5, f.platform());
            p.setString(6, cut(f.principalId(), 200));
            p.setString(7, cut(f.principalName(), 400));
            p.setString(8, cut(f.cell(), 400));
            p.setString(9, cut(f.verb(), 32));
            p.setString(10, f.disposition());
            p.setString(11, cut(f.dispositionRef(), 400));
            p.addBatch();
          }
          p.executeBatch();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The runs, newest first; {@code instance} null for every instance. */
  public List<RunRecord> runs(String instance, int limit) throws SQLException {
    return query(
        "SELECT "
            + RUN_COLUMNS
            + " FROM runs"
            + (instance == null ? "" : " WHERE instance = ?")
            + " ORDER BY started_at DESC, id DESC",
        limit,
        instance == null ? new Object[0] : new Object[] {instance});
  }

  /** A run by its run id. */
  public Optional<RunRecord> run(String runId) throws SQLException {
    return query("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?", 1, runId).stream()
        .findFirst();
  }

  /** The JSON report of a run (what {@code check --format json} printed), when it has one. */
  public Optional<String> reportJson(String runId) throws SQLException {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT report_json FROM runs WHERE run_id = ?")) {
      p.setString(1, runId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** The newest run of an instance of any status (the schedule resumes from it). */
  public Optional<RunRecord> latest(String instance) throws SQLException {
    return runs(instance, 1).stream().findFirst();
  }

  /** The newest run of an instance that evaluated the rules (it has a gate outcome). */
  public Optional<RunRecord> latestCompleted(String instance) throws SQLException {
    return query(
            "SELECT "
                + RUN_COLUMNS
                + " FROM runs WHERE instance = ? AND gate_outcome IS NOT NULL"
                + " ORDER BY started_at DESC, id DESC",
            1,
            instance)
        .stream()
        .findFirst();
  }

  /** The violations of a run. */
  public List<FindingRow> findings(String runId) throws SQLException {
    List<FindingRow> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT v.fingerprint, v.rule_id, v.severity, v.platform, v.principal_id,"
                    + " v.principal_name, v.cell, v.verb, v.disposition, v.disposition_ref FROM"
                    + " violations v JOIN runs r ON r.id = v.run_pk WHERE r.run_id = ? ORDER BY"
                    + " v.id")) {
      p.setString(1, runId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new FindingRow(
                  rs.getString(1),
                  rs.getString(2),
                  Severity.parse(rs.getString(3)),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10)));
        }
      }
    }
    return out;
  }

  // ---- the dashboard's queries ----

  /**
   * An instance and its newest run.
   *
   * @param instance the instance's name
   * @param latest its newest run of any status
   */
  public record InstanceLatest(String instance, RunRecord latest) {}

  /**
   * Dashboard (i): every instance the history has runs of, by name, with its newest run (id, time,
   * status, open counts by severity are on the {@link RunRecord}).
   */
  public List<InstanceLatest> instancesWithLatestRun() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement p =
            c.prepareStatement("SELECT DISTINCT instance FROM runs ORDER BY instance");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    List<InstanceLatest> out = new ArrayList<>();
    for (String n : names) {
      latest(n).ifPresent(r -> out.add(new InstanceLatest(n, r)));
    }
    return out;
  }

  /**
   * One point of an instance's trend.
   *
   * @param runId the run
   * @param startedAt when it started
   * @param status how it ended
   * @param open open violations by severity
   */
  public record TrendPoint(
      String runId, Instant startedAt, RunStatus status, Map<Severity, Integer> open) {}

  /**
   * Dashboard (ii): the open-violation counts by severity of an instance's last {@code lastN} runs
   * that evaluated the rules, oldest first (ready to plot).
   */
  public List<TrendPoint> openViolationTrend(String instance, int lastN) throws SQLException {
    List<RunRecord> runs =
        query(
            "SELECT "
                + RUN_COLUMNS
                + " FROM runs WHERE instance = ? AND gate_outcome IS NOT NULL"
                + " ORDER BY started_at DESC, id DESC",
            lastN,
            instance);
    List<TrendPoint> out = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunRecord r = runs.get(i);
      out.add(new TrendPoint(r.runId(), r.startedAt(), r.status(), r.open()));
    }
    return out;
  }

  /**
   * A finding that is open in its instance's newest completed run.
   *
   * @param instance the instance
   * @param ruleId the rule
   * @param severity its severity
   * @param principal the API user for display: its name and id ({@code "name (id)"}), or what of
   *     them is known
   * @param cell the module, function and verb ({@code "Service Desk / Service Tickets add"}), or
   *     null for a finding about the user
   * @param fingerprint the finding's fingerprint
   * @param firstSeenRunId the first run of the instance that had it
   * @param firstSeenAt when that run started
   */
  public record NewestFinding(
      String instance,
      String ruleId,
      Severity severity,
      String principal,
      String cell,
      String fingerprint,
      String firstSeenRunId,
      Instant firstSeenAt) {}

  /**
   * Dashboard (iii): the open findings of every instance's newest completed run, newest first by
   * when they were first seen (then by severity, most severe first), at most {@code limit}.
   */
  public List<NewestFinding> newestFindings(int limit) throws SQLException {
    List<NewestFinding> out = new ArrayList<>();
    for (InstanceLatest il : instancesWithLatestRun()) {
      Optional<RunRecord> last = latestCompleted(il.instance());
      if (last.isEmpty()) {
        continue;
      }
      // the run each of the newest completed run's findings was first seen in: one row per
      // finding, found by the fingerprint index, not every violation of the instance's history
      Map<String, Object[]> first = new HashMap<>();
      try (Connection c = connect();
          PreparedStatement p =
              c.prepareStatement(
                  "SELECT fingerprint, run_id, started_at FROM (SELECT v.fingerprint, r.run_id,"
                      + " r.started_at, ROW_NUMBER() OVER (PARTITION BY v.fingerprint ORDER BY"
                      + " r.started_at, r.id) AS n FROM violations v JOIN runs r ON r.id ="
                      + " v.run_pk WHERE r.instance = ? AND v.fingerprint IN (SELECT l.fingerprint"
                      + " FROM violations l JOIN runs lr ON lr.id = l.run_pk WHERE lr.run_id = ?))"
                      + " firsts WHERE n = 1")) {
        p.setString(1, il.instance());
        p.setString(2, last.get().runId());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            first.put(
                rs.getString(1),
                new Object[] {rs.getString(2), instant(rs.getObject(3, OffsetDateTime.class))});
          }
        }
      }
      for (FindingRow f : findings(last.get().runId())) {
        if (!"open".equals(f.disposition())) {
          continue;
        }
        Object[] seen = first.get(f.fingerprint());
        out.add(
            new NewestFinding(
                il.instance(),
                f.ruleId(),
                f.severity(),
                display(f.principalName(), f.principalId()),
                f.cell() == null ? null : f.cell() + (f.verb() == null ? "" : " " + f.verb()),
                f.fingerprint(),
                (String) seen[0],
                (Instant) seen[1]));
      }
    }
    out.sort(
        (a, b) -> {
          int c = b.firstSeenAt().compareTo(a.firstSeenAt());
          return c != 0 ? c : a.severity().compareTo(b.severity());
        });
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private static String display(String name, String id) {
    if (name == null) {
      return id;
    }
    return id == null ? name : name + " (" + id + ")";
  }

  // ---- plumbing ----

  private List<RunRecord> query(String sql, int limit, Object... args) throws SQLException {
    List<RunRecord> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setMaxRows(limit);
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(record(rs));
        }
      }
    }
    return out;
  }

  private static RunRecord record(ResultSet rs) throws SQLException {
    Map<Severity, Integer> open = new EnumMap<>(Severity.class);
    int i = 9;
    for (Severity s : Severity.values()) {
      open.put(s, rs.getInt(i++));
    }
    int exit = rs.getInt(6);
    Integer exitCode = rs.wasNull() ? null : exit;
    String failOn = rs.getString(8);
    return new RunRecord(
        rs.getString(1),
        rs.getString(2),
        instant(rs.getObject(3, OffsetDateTime.class)),
        instant(rs.getObject(4, OffsetDateTime.class)),
        RunStatus.parse(rs.getString(5)),
        exitCode,
        rs.getString(7),
        failOn == null ? null : Severity.parse(failOn),
        open,
        rs.getInt(14),
        inputs(rs.getString(15)),
        rs.getString(16),
        rs.getString(17),
        rs.getString(18));
  }

  /**
   * A value cut to its column's length: a PSA's long display name must not make a run unwritable
   * (it would wait in memory for ever, and every run after it).
   */
  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  private static OffsetDateTime time(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.INTEGER);
    } else {
      p.setInt(i, v);
    }
  }

  private static String json(List<RunRecord.InputHash> inputs) {
    List<Map<String, String>> l = new ArrayList<>();
    for (RunRecord.InputHash h : inputs) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("name", h.name());
      m.put("sha256", h.sha256());
      l.add(m);
    }
    try {
      return JSON.writeValueAsString(l);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<RunRecord.InputHash> inputs(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      List<Map<String, String>> l = JSON.readValue(json, new TypeReference<>() {});
      return l.stream().map(m -> new RunRecord.InputHash(m.get("name"), m.get("sha256"))).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}

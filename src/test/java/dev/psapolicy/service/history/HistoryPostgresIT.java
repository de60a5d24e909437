package dev.psapolicy.service.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The same migrations and history queries as {@link HistoryTest}, on a real PostgreSQL server
 * started by Testcontainers (never a mock). Each test gets a fresh schema.
 */
class HistoryPostgresIT extends HistoryContract {
  static PostgreSQLContainer<?> pg;
  private static int n;
  private String schema;

  /**
   * The image: built locally by src/test/docker/postgres/build-postgres-image.sh (no registry on
   * these machines); {@code -Dpsa-policy.postgres.image=postgres:16} takes an official one.
   */
  @BeforeAll
  static void start() {
    pg =
        new PostgreSQLContainer<>(
                DockerImageName.parse(
                        System.getProperty("psa-policy.postgres.image", "psa-policy-postgres:dev"))
                    .asCompatibleSubstituteFor("postgres"))
            // the local image starts once (the official one starts twice: init, then serve)
            .waitingFor(
                Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));
    pg.start();
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.stop();
    }
  }

  @Override
  @BeforeEach
  void open() throws Exception {
    schema = "t" + (++n);
    try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(), user(), password());
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    super.open();
  }

  @Override
  String url() {
    return pg.getJdbcUrl()
        + (pg.getJdbcUrl().contains("?") ? "&" : "?")
        + "currentSchema="
        + schema;
  }

  @Override
  String user() {
    return pg.getUsername();
  }

  @Override
  String password() {
    return pg.getPassword();
  }
}

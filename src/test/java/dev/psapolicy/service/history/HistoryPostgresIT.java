package dev.psapolicy.service.history;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same migrations and history queries as {@link HistoryTest}, on a real PostgreSQL server
 * started by Testcontainers (never a mock). Each test gets a fresh schema.
 */
class HistoryPostgresIT extends HistoryContract {
  static PostgreSQLContainer<?> pg;
  private static int n;
  private String schema;

  @BeforeAll
  static void start() {
    pg =
        new PostgreSQLContainer<>(
            DockerImageName.parse(
                    System.getProperty("psa-policy.postgres.image", "postgres:16-alpine"))
                .asCompatibleSubstituteFor("postgres"));
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

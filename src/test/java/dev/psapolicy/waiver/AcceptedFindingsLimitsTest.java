package dev.psapolicy.waiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code accept} writes, {@code check --accepted} reads back, however many findings. */
class AcceptedFindingsLimitsTest {
  @TempDir Path dir;

  private static AcceptedEntry entry(int principal, int verb) {
    String[] verbs = {"add", "edit", "delete", "inquire"};
    AcceptedEntry draft =
        new AcceptedEntry(
            "",
            "CW-TICKET-ADD-ONLY",
            "connectwise",
            "acme.example",
            Integer.toString(1000 + principal),
            "Service Desk",
            "Service Tickets",
            verbs[verb],
            "All",
            LocalDate.parse("2026-11-26"),
            "jane.doe@acme.example",
            null,
            "Sync " + principal,
            "high",
            "Service Desk / Service Tickets is All; the baseline allows None (2 steps too high)",
            0);
    return new AcceptedEntry(
        draft.computedFingerprint(),
        draft.rule(),
        draft.platform(),
        draft.instance(),
        draft.principal(),
        draft.module(),
        draft.function(),
        draft.verb(),
        draft.actual(),
        draft.acceptedOn(),
        draft.acceptedBy(),
        draft.note(),
        draft.principalName(),
        draft.severity(),
        draft.message(),
        0);
  }

  @Test
  void twentyFourThousandAcceptedFindingsReadBack() throws Exception {
    List<AcceptedEntry> entries = new ArrayList<>();
    for (int p = 0; p < 6_000; p++) {
      for (int v = 0; v < 4; v++) {
        entries.add(entry(p, v));
      }
    }
    Path file = Files.write(dir.resolve("accepted.yaml"), AcceptedFindings.toYaml(entries));
    assertTrue(Files.size(file) > 3 * 1024 * 1024, Files.size(file) + " bytes");
    AcceptedFindings read = AcceptedFindings.read(file, "accepted.yaml");
    assertEquals(24_000, read.entries().size());
  }
}

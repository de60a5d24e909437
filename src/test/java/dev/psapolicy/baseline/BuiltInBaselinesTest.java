package dev.psapolicy.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.catalog.Cell;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Level;
import dev.psapolicy.facts.Platform;
import dev.psapolicy.facts.Verb;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in baselines load and say what the published guides say. */
class BuiltInBaselinesTest {
  private static final BaselineSet SET = load();

  private static BaselineSet load() {
    try {
      return BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyGuideHasItsSourceDateAndProduct() {
    for (Baseline b : SET.all()) {
      assertTrue(b.source().startsWith("https://"), b.id());
      assertTrue(b.retrieved() != null, b.id());
      assertTrue(b.product() != null && !b.product().isBlank(), b.id() + " names no product");
      assertTrue(
          b.file().endsWith("baselines/" + b.id() + ".yaml"),
          b.file() + ": a baseline's file is named by its id");
      assertTrue(
          b.id().endsWith("-" + b.platform().id()), b.id() + " does not end in its platform");
    }
  }

  @Test
  void rowCountsMatchThePublishedTables() {
    assertEquals(15, SET.get("hatz-ai-connectwise").rows().size());
    assertEquals(20, SET.get("rewst-connectwise").rows().size());
    assertEquals(13, SET.get("nable-ncentral-connectwise").rows().size());
    assertEquals(3, SET.get("cyberdrain-cow-connectwise").rows().size());
  }

  /** Spot checks against the guides (shared/reference/seeds and vendor-baselines.md). */
  @ParameterizedTest
  @CsvSource({
    "hatz-ai-connectwise, Service Desk, Service Tickets, ADD, ALL",
    "hatz-ai-connectwise, Service Desk, Service Tickets, EDIT, NONE",
    "hatz-ai-connectwise, Service Desk, Service Tickets, INQUIRE, NONE",
    "hatz-ai-connectwise, Time & Expense, Time Entry, DELETE, MY",
    "hatz-ai-connectwise, System, My Account, INQUIRE, MY",
    "hatz-ai-connectwise, Companies, Configurations, DELETE, NONE",
    "hatz-ai-connectwise, Companies, Company Maintenance, INQUIRE, NONE",
    "rewst-connectwise, Project, Project Tickets, ADD, ALL",
    "rewst-connectwise, Project, Project Ticket - Dependencies, EDIT, ALL",
    "rewst-connectwise, Companies, Manage Attachments, DELETE, MY",
    "nable-ncentral-connectwise, Service Desk, Close Service Tickets, DELETE, ALL",
    "nable-ncentral-connectwise, Service Desk, Service Tickets, INQUIRE, MY",
    "rewst-autotask, Service Desk, Tickets, INQUIRE, ALL",
    "rewst-autotask, Service Desk, Tickets, DELETE, NONE",
    "rewst-autotask, Service Desk, TicketNotes, EDIT, ALL",
    "rewst-autotask, Timesheet, TimeEntries, DELETE, ALL",
    "rewst-autotask, Knowledge Base and Documents, Documents, EDIT, NONE",
    "rewst-autotask, Service Desk, TicketAttachments, ADD, ALL",
  })
  void cells(String id, String module, String function, Verb verb, Level level) {
    Baseline b = SET.get(id);
    Cell cell = PermissionCatalog.builtIn().resolve(b.platform(), module, function).orElseThrow();
    assertEquals(level, b.allowed(cell, verb), id + " " + cell + " " + verb);
  }

  @Test
  void autotaskCategoriesExpandToTheirEntities() {
    Baseline b = SET.get("rewst-autotask");
    assertEquals(Platform.AUTOTASK, b.platform());
    assertEquals(
        PermissionCatalog.builtIn().cells(Platform.AUTOTASK).size(),
        b.rows().size(),
        "Rewst's eight categories cover the 36 entities the first catalog had");
  }

  /** Rewst names eleven objects; only those are needed, the rest of each category is allowed. */
  @Test
  void rewstNeedsOnlyTheObjectsItNames() {
    Baseline b = SET.get("rewst-autotask");
    List<String> needed =
        b.rows().stream()
            .filter(r -> r.needed(Verb.INQUIRE).rank() > 0 || r.needed(Verb.ADD).rank() > 0)
            .map(r -> r.cell().function())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "Companies",
            "Contacts",
            "ContractServiceAdjustments",
            "Contracts",
            "Documents",
            "Projects",
            "Resources",
            "Surveys",
            "TicketNotes",
            "Tickets",
            "TimeEntries"),
        needed);
  }
}

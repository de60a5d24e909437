package dev.psapolicy.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Platform;
import dev.psapolicy.vocabulary.Verb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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

  /**
   * A bundled baseline resolves its rows on first use; the result is the baseline a user's copy of
   * the same file loads to, checked whole at load time (rows, header, recognition, input bytes).
   */
  @Test
  void rowsResolvedOnDemandEqualTheFileCheckedWhole() throws Exception {
    BaselineLoader loader = new BaselineLoader(PermissionCatalog.builtIn());
    assertEquals(35, SET.all().size());
    for (Baseline bundled : SET.all()) {
      Baseline whole = loader.parse(bundled.input());
      assertEquals(whole.rows(), bundled.rows(), bundled.id());
      assertEquals(whole, bundled, bundled.id());
      assertTrue(!bundled.rows().isEmpty(), bundled.id());
    }
    assertTrue(
        loader.loadBuiltIn() == new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn(),
        "the bundled baselines are read once per process");
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

  /**
   * Every module, function, entity, section, setting and category a shipped baseline names (in
   * whatever spelling the vendor used) resolves in the catalog, read from the files themselves.
   */
  @Test
  void everyNameAShippedBaselineUsesResolves() throws Exception {
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    List<String> unresolved = new ArrayList<>();
    int names = 0;
    try (Stream<Path> files = Files.list(Path.of("baselines"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        Node root = StructuredFiles.read(f, f.toString());
        boolean autotask = "autotask".equals(root.get("platform").text());
        for (Node row : root.get("rows").items()) {
          names++;
          String where = f + ":" + row.line();
          if (!autotask) {
            String m = row.get("module").text();
            String fn = row.get("function").text();
            if (catalog.resolve(Platform.CONNECTWISE, m, fn).isEmpty()) {
              unresolved.add(where + " " + m + " / " + fn);
            }
          } else if (row.get("entity") != null) {
            if (catalog.entity(row.get("entity").text()) == null) {
              unresolved.add(where + " entity " + row.get("entity").text());
            }
          } else if (row.get("setting") != null) {
            if (catalog.setting(row.get("section").text(), row.get("setting").text()) == null) {
              unresolved.add(where + " setting " + row.get("setting").text());
            }
          } else if (row.get("section") != null) {
            if (catalog.sectionEntities(row.get("section").text()).isEmpty()) {
              unresolved.add(where + " section " + row.get("section").text());
            }
          } else if (catalog.category(row.get("category").text()) == null) {
            unresolved.add(where + " category " + row.get("category").text());
          }
        }
      }
    }
    assertEquals(List.of(), unresolved);
    assertTrue(names > 400, "read " + names + " rows");
  }

  @Test
  void theLibraryHasEveryEncodedVendorTable() {
    assertEquals(35, SET.all().size());
    assertEquals(25, SET.all().stream().filter(b -> b.platform() == Platform.CONNECTWISE).count());
    assertEquals(
        List.of(
            "barracuda-intronis-connectwise",
            "commvault-connectwise",
            "crushbank-connectwise",
            "gozynta-mobius-connectwise",
            "huntress-connectwise",
            "timezest-connectwise",
            "topleft-autotask"),
        SET.all().stream().filter(Baseline::partial).map(Baseline::id).sorted().toList());
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
    "cyberfox-autoelevate-connectwise, Service Desk, Service Tickets, ADD, MY",
    "cyberfox-autoelevate-connectwise, Service Desk, Service Tickets, DELETE, NONE",
    "nable-rmm-connectwise, System, Table Setup, DELETE, ALL",
    "nable-rmm-connectwise, System, Table Setup, EDIT, NONE",
    "turbodocx-connectwise, Project, Project Templates, INQUIRE, ALL",
    "barracuda-intronis-connectwise, Companies, Configuration - Display Passwords, EDIT, ALL",
    "mspbackups-autotask, Service Desk, Tickets, INQUIRE, MY",
    "mspbackups-autotask, Service Desk, Tickets, EDIT, NONE",
    "mspbackups-autotask, Service Desk, TicketCharges, INQUIRE, NONE",
    "mspbackups-autotask, Service Desk, ExpenseItemAttachments, INQUIRE, NONE",
    "mspbackups-autotask, Service Desk, ServiceCallTasks, INQUIRE, MY",
    "mspbackups-autotask, Admin, BillingCodes, DELETE, ALL",
    "neo-agent-autotask, Inventory, InventoryItems, INQUIRE, ALL",
    "neo-agent-autotask, Inventory, InventoryItems, ADD, NONE",
    "neo-agent-autotask, Admin, Resources, INQUIRE, NONE",
    "gradient-autotask, Contracts, ContractRates, DELETE, ALL",
    "cyberdrain-cow-autotask, CRM, Subscriptions, EDIT, ALL",
    "cyberdrain-cow-autotask, CRM, Companies, EDIT, NONE",
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

  /** What a guide only allows is never needed; what it names is. */
  @ParameterizedTest
  @CsvSource({
    "cyberdrain-cow-autotask, CRM, ConfigurationItems, EDIT, ALL",
    "cyberdrain-cow-autotask, CRM, Subscriptions, EDIT, NONE",
    "cyberdrain-cow-autotask, Admin, ConfigurationItemTypes, INQUIRE, ALL",
    "cyberdrain-cow-autotask, Admin, ConfigurationItemTypes, DELETE, NONE",
    "hatz-ai-tools-connectwise, Service Desk, Service Tickets, INQUIRE, MY",
    "crushbank-connectwise, Service Desk, Service Tickets, EDIT, NONE",
    "crushbank-connectwise, Service Desk, Service Tickets, INQUIRE, ALL",
    "gradient-connectwise, Service Desk, Merge Tickets, ADD, NONE",
    "timezest-autotask, Service Desk, Tickets, INQUIRE, NONE",
  })
  void needs(String id, String module, String function, Verb verb, Level level) {
    Baseline b = SET.get(id);
    Cell cell = PermissionCatalog.builtIn().resolve(b.platform(), module, function).orElseThrow();
    assertEquals(level, b.byCell().get(cell).needed(verb), id + " " + cell + " " + verb);
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

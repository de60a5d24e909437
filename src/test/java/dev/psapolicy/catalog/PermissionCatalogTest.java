package dev.psapolicy.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The name drift of vendor guides (vendor-baselines.md §5.11) resolves to one cell. */
class PermissionCatalogTest {
  private static final PermissionCatalog CATALOG = PermissionCatalog.builtIn();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "System | Setup Tables | System | Table Setup",
        "System | Table Setup (customize) | System | Table Setup",
        "System | Table Setup* | System | Table Setup",
        "Service Desk | Close Service Ticket | Service Desk | Close Service Tickets",
        "Service Desk | Closed Service Tickets | Service Desk | Close Service Tickets",
        "Service Desk | Service Ticket | Service Desk | Service Tickets",
        "Service Desk | Service Ticket \u2013 Dependencies | Service Desk | Service Ticket - Dependencies",
        "Project | Project Ticket | Project | Project Tickets",
        "Project | Project Ticket - Dependancies | Project | Project Ticket - Dependencies",
        "Time & Expenses | Time Entry | Time & Expense | Time Entry",
        "Time and Expense | Time Entries | Time & Expense | Time Entry",
        "Procurement | Product | Procurement | Products",
        "Companies | Teams Members | Companies | Team Members",
        "Companies | User Scenarios | Companies | UserCentric",
        "companies | company maintenance | Companies | Company Maintenance",
        "Company | Company Maintenance | Companies | Company Maintenance",
        "Projects | Project Headers | Project | Project Headers",
        "Companies | Configuration \u2013 Display Passwords | Companies | Configuration - Display Passwords",
        "Service Desk | Service Tickets \u2013 Finance | Service Desk | Service Tickets - Finance",
        "Project | Project Ticket- Dependencies | Project | Project Ticket - Dependencies",
        "Service Desk | Service Ticket Dependencies | Service Desk | Service Ticket - Dependencies",
        "Project | Close Project | Project | Close Projects",
        "Finance | Expense Reimbursement | Finance | Expense Reimbursements",
        "System | Table setup | System | Table Setup",
      })
  void connectWiseNameDrift(
      String module, String function, String canonicalModule, String canonicalFunction) {
    assertEquals(
        new Cell(canonicalModule, canonicalFunction),
        CATALOG.resolve(Platform.CONNECTWISE, module, function).orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "| Tickets | Service Desk",
        "Service Desk | tickets | Service Desk",
        "| TimeEntries | Timesheet",
        "| Companies | CRM",
        "| Products | Inventory",
        "Inventory | InventoryItems | Inventory",
        "Contract | ContractRates | Contracts",
        "Project | TaskPredecessors | Projects",
        "Timesheets | ExpenseReports | Timesheet",
        "Documents & Knowledge Base | KnowledgeBaseArticles | Knowledge Base and Documents",
        "| TicketWebhooks | Other",
        "| Invoices | Contracts"
      })
  void autotaskEntities(String module, String entity, String section) {
    assertEquals(
        section, CATALOG.resolve(Platform.AUTOTASK, module, entity).orElseThrow().module());
  }

  /**
   * Every top-level {@code /V1.0/{Entity}/entityInformation} path of the vendor swagger is an
   * entity of exactly one section; the entities a fetch probes one by one are the first release's.
   */
  @Test
  void autotaskCatalogCoversTheVendorEntities() {
    List<Cell> all = CATALOG.known(Platform.AUTOTASK);
    assertEquals(232, all.size());
    assertEquals(all.size(), all.stream().map(Cell::function).distinct().count());
    assertEquals(36, CATALOG.cells(Platform.AUTOTASK).size());
    assertTrue(all.containsAll(CATALOG.cells(Platform.AUTOTASK)));
    assertEquals(
        List.of(
            "CRM",
            "Contracts",
            "Inventory",
            "Projects",
            "Service Desk",
            "Knowledge Base and Documents",
            "Timesheet",
            "Admin",
            "Other"),
        List.copyOf(CATALOG.modules(Platform.AUTOTASK)));
    for (Cell c : all) {
      assertNotNull(CATALOG.settingOf(c.function()), c.toString());
      assertTrue(CATALOG.sectionEntities(c.module()).contains(c.function()), c.toString());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Tickets | Object Permissions: Tickets",
        "ticketnotes | Object Permissions: Ticket Notes",
        "Products | Products / Items",
        "Resources | Feature Access: Resources/Users (HR)",
        "CompanyWebhooks | Webhooks (Can create webhooks, maximum number)"
      })
  void autotaskSettings(String entity, String setting) {
    assertEquals(setting, CATALOG.settingOf(entity));
  }

  /** A short setting name finds one setting of its section, never two. */
  @Test
  void settingNamesAreUnambiguous() {
    for (String section : CATALOG.modules(Platform.AUTOTASK)) {
      for (String setting : CATALOG.settings(section)) {
        assertEquals(setting, CATALOG.setting(section, setting), section + " / " + setting);
        for (String part : setting.split("[;:/]")) {
          String p = part.replaceAll("\\(.*\\)", "").strip();
          String found = CATALOG.setting(section, p);
          assertTrue(
              p.isEmpty() || found == null || found.equals(setting) || setting.startsWith(p),
              section + ": '" + p + "' finds " + found + ", not " + setting);
        }
      }
    }
    assertEquals(
        "Feature Access: Resources/Users (HR)", CATALOG.setting("Admin", "Resources/Users (HR)"));
    assertEquals("Products / Items", CATALOG.setting("Inventory", "Products"));
    assertEquals("Object Permissions: Tickets", CATALOG.setting("service desk", "tickets"));
  }

  @Test
  void sectionsAndCategoriesAreDifferentNames() {
    assertEquals(6, CATALOG.categoryEntities("Contracts").size());
    assertTrue(CATALOG.sectionEntities("Contracts").size() > 20);
    assertTrue(CATALOG.sectionEntities("Inventory").contains("InventoryItems"));
    assertEquals(List.of(), CATALOG.sectionEntities("Web Services API"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "connectwise | Finance | Crypto Payouts",
        "connectwise | Nowhere | Service Tickets",
        "autotask | | SecurityLevels",
        "autotask | CRM | Tickets"
      })
  void unknownStaysUnknown(String platform, String module, String function) {
    assertTrue(CATALOG.resolve(Platform.parse(platform), module, function).isEmpty());
  }
}

package dev.psapolicy.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
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
        "| Companies | CRM"
      })
  void autotaskEntities(String module, String entity, String section) {
    assertEquals(
        section, CATALOG.resolve(Platform.AUTOTASK, module, entity).orElseThrow().module());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "connectwise | Finance | Crypto Payouts",
        "connectwise | Nowhere | Service Tickets",
        "autotask | | Invoices",
        "autotask | CRM | Tickets"
      })
  void unknownStaysUnknown(String platform, String module, String function) {
    assertTrue(CATALOG.resolve(Platform.parse(platform), module, function).isEmpty());
  }
}

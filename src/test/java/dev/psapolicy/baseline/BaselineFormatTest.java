package dev.psapolicy.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The baseline format: Autotask entity, section and category rows, what a row allows versus what it
 * needs, duplicates, {@code partial}; error texts verbatim.
 */
class BaselineFormatTest {
  private static final PermissionCatalog CATALOG = PermissionCatalog.builtIn();
  private static final String AT_HEAD =
      "id: tt\nplatform: autotask\ntitle: T\nsource: https://example.com/t\n"
          + "retrieved: 2026-11-26\nrows:\n";
  private static final String CW_HEAD =
      "id: tt\nplatform: connectwise\ntitle: T\nsource: https://example.com/t\n"
          + "retrieved: 2026-11-26\nrows:\n";

  private static Baseline parse(String yaml) throws InvalidInputException {
    return new BaselineLoader(CATALOG)
        .parse(InputFile.file(InputKind.BASELINE, "t.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String errors(String yaml) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(yaml));
    return e.problems().stream().map(InputProblem::toString).collect(Collectors.joining("\n"));
  }

  private static BaselineRow row(Baseline b, String entity) {
    return b.byCell().get(new Cell(CATALOG.sectionOf(entity), entity));
  }

  @Test
  void entityRowsAllowAndNeedTheirOwnVerbs() throws Exception {
    Baseline b =
        parse(
            AT_HEAD
                + "  - { section: Service Desk, view: All, add: All, edit: All }\n"
                + "  - { entity: Tickets, view: All, add: All, edit: All }\n"
                + "  - { entity: TicketNotes, view: All, edit: All }\n");
    BaselineRow tickets = row(b, "Tickets");
    BaselineRow notes = row(b, "TicketNotes");
    BaselineRow charges = row(b, "TicketCharges");
    assertEquals(Level.ALL, tickets.needed(Verb.ADD));
    assertEquals(Level.ALL, notes.needed(Verb.EDIT));
    assertEquals(Level.NONE, notes.level(Verb.ADD), "the entity row decides for its entity");
    assertEquals(Level.NONE, notes.needed(Verb.ADD));
    assertEquals(Level.ALL, charges.level(Verb.ADD), "the section allows the rest of its entities");
    assertEquals(Level.NONE, charges.needed(Verb.ADD), "but needs none of them");
    assertEquals(CATALOG.sectionEntities("Service Desk").size(), b.rows().size());
  }

  @Test
  void categoryRowsNeedNothingAndOverlappingCategoriesJoin() throws Exception {
    Baseline b =
        parse(
            AT_HEAD
                + "  - { category: Ticket & Ticket Notes, view: All }\n"
                + "  - { category: Documents & Attachments, view: All, add: All }\n");
    BaselineRow attachments = row(b, "TicketAttachments");
    assertEquals(Level.ALL, attachments.level(Verb.ADD));
    for (BaselineRow r : b.rows()) {
      for (Verb v : Verb.values()) {
        assertEquals(Level.NONE, r.needed(v), r.cell() + " " + v);
      }
    }
  }

  @Test
  void settingRowsCoverTheEntitiesOfOneSetting() throws Exception {
    Baseline b =
        parse(
            AT_HEAD
                + "  - { section: Admin, setting: Resources/Users (HR), view: All, add: All,"
                + " edit: All, delete: All, needs: { view: All } }\n"
                + "  - { section: Inventory, setting: Products, view: All }\n");
    assertEquals(
        CATALOG.settingEntities("Admin", "Feature Access: Resources/Users (HR)").size()
            + CATALOG.settingEntities("Inventory", "Products / Items").size(),
        b.rows().size());
    assertEquals(Level.ALL, row(b, "ResourceSkills").level(Verb.DELETE));
    assertEquals(Level.ALL, row(b, "ResourceSkills").needed(Verb.INQUIRE));
    assertEquals(Level.NONE, row(b, "ProductVendors").needed(Verb.INQUIRE));
    assertEquals(
        "t.yaml:7:36: section 'Inventory' has no setting 'Shoes' (its settings: Products / Items;"
            + " Inventory; Purchase Orders)",
        errors(AT_HEAD + "  - { section: Inventory, setting: Shoes, view: All }\n"));
    assertEquals(
        "t.yaml:7:16: a 'setting' row names its section too, e.g. { section: Admin, setting:"
            + " Resources/Users (HR) }",
        errors(AT_HEAD + "  - { setting: Products, view: All }\n"));
  }

  @Test
  void needsAndOptional() throws Exception {
    Baseline b =
        parse(
            CW_HEAD
                + "  - { module: Service Desk, function: Service Tickets, add: All, edit: All,"
                + " inquire: All, needs: { inquire: All } }\n"
                + "  - { module: Finance, function: Agreements, edit: All, inquire: All,"
                + " optional: true }\n"
                + "  - { module: System, function: Table Setup, inquire: All }\n");
    Map<Cell, BaselineRow> rows = b.byCell();
    BaselineRow tickets = rows.get(new Cell("Service Desk", "Service Tickets"));
    assertEquals(Level.ALL, tickets.level(Verb.EDIT));
    assertEquals(Level.NONE, tickets.needed(Verb.EDIT));
    assertEquals(Level.ALL, tickets.needed(Verb.INQUIRE));
    assertEquals(
        Level.NONE, rows.get(new Cell("Finance", "Agreements")).needed(Verb.INQUIRE), "optional");
    assertEquals(Level.ALL, rows.get(new Cell("System", "Table Setup")).needed(Verb.INQUIRE));
  }

  @Test
  void partialAndVendor() throws Exception {
    Baseline b =
        parse(
            CW_HEAD.replace("rows:\n", "partial: true\nvendor: Acme Inc.\nproduct: Acme\nrows:\n")
                + "  - { module: System, function: Table Setup, inquire: All }\n");
    assertTrue(b.partial());
    assertEquals("Acme Inc.", b.publisher());
    assertFalse(parse(CW_HEAD + "  - { module: System, function: Table Setup }\n").partial());
  }

  @Test
  void recogniseTakesOneGlobOrAListPerKeyOfThePlatform() throws Exception {
    String row = "  - { module: System, function: Table Setup, inquire: All }\n";
    Baseline cw =
        parse(
            CW_HEAD.replace(
                    "rows:\n",
                    "recognise: { name: [\"Rewst*\", \"*Automation\"], identifier: rewst*,"
                        + " email: [\"*@rewst.example\"], notes: [\"*rewst*\"] }\nrows:\n")
                + row);
    assertEquals(
        List.of(
            "name Rewst* NAME",
            "name *Automation NAME",
            "identifier rewst* IDENTIFIER",
            "email *@rewst.example EMAIL",
            "notes *rewst* NOTES"),
        cw.recognise().patterns().stream()
            .map(p -> p.key() + " " + p.glob().text() + " " + p.field())
            .toList());
    Baseline at =
        parse(
            AT_HEAD.replace("rows:\n", "recognise: { userName: [\"rewst*\"] }\nrows:\n")
                + "  - { entity: Tickets, view: All }\n");
    assertEquals(Recognise.Field.IDENTIFIER, at.recognise().patterns().get(0).field(), "userName");
    assertTrue(parse(CW_HEAD + row).recognise().isEmpty());
  }

  @Test
  void recogniseErrors() {
    String row = "  - { module: System, function: Table Setup, inquire: All }\n";
    assertEquals(
        "t.yaml:6:12: 'recognise' must be a mapping like { name: [\"Rewst*\"] }, found a list",
        errors(CW_HEAD.replace("rows:\n", "recognise: [Rewst*]\nrows:\n") + row));
    assertEquals(
        "t.yaml:6:12: 'recognise' gives no pattern (leave it out instead)",
        errors(CW_HEAD.replace("rows:\n", "recognise: {}\nrows:\n") + row));
    assertEquals(
        "t.yaml:6:20: 'name' in 'recognise' lists no pattern\n"
            + "t.yaml:6:33: a pattern of 'email' must be text, found a mapping",
        errors(
            CW_HEAD.replace("rows:\n", "recognise: { name: [], email: [ { a: b } ] }\nrows:\n")
                + row));
    assertEquals(
        "t.yaml:6:14: unknown key 'identifier' in 'recognise' for Autotask PSA"
            + " ('identifier' belongs to ConnectWise PSA baselines; allowed here: email, name, userName)\n"
            + "t.yaml:6:38: bad glob 'a[]': the class at position 2 is empty",
        errors(
            AT_HEAD.replace("rows:\n", "recognise: { identifier: [x], email: \"a[]\" }\nrows:\n")
                + "  - { entity: Tickets, view: All }\n"));
  }

  @Test
  void duplicateRowsAreErrorsOnBothPlatforms() {
    assertEquals(
        "t.yaml:8:5: duplicate row for System / Table Setup (first at line 7)",
        errors(
            CW_HEAD
                + "  - { module: System, function: Table Setup, inquire: All }\n"
                + "  - { module: System, function: Setup Tables, add: All }\n"));
    assertEquals(
        "t.yaml:8:5: duplicate row for category 'Ticket & Ticket Notes' (first at line 7)",
        errors(
            AT_HEAD
                + "  - { category: Ticket & Ticket Notes, view: All }\n"
                + "  - { category: ticket and ticket notes, add: All }\n"));
    assertEquals(
        "t.yaml:8:5: duplicate row for entity 'TicketNotes' (first at line 7)",
        errors(
            AT_HEAD
                + "  - { entity: TicketNotes, view: All }\n"
                + "  - { entity: ticketnotes, add: All }\n"));
    assertEquals(
        "t.yaml:8:5: duplicate row for section 'Contracts' (first at line 7)",
        errors(
            AT_HEAD + "  - { section: Contracts, view: All }\n" + "  - { section: Contract }\n"));
  }

  @Test
  void rowErrors() {
    assertEquals(
        "t.yaml:7:5: a row must name an 'entity', a 'section' (with or without a 'setting') or"
            + " a 'category'\n"
            + "t.yaml:8:5: a row names one of 'entity', 'section' or 'category', not 'entity'"
            + " and 'category'",
        errors(
            AT_HEAD
                + "  - { view: All }\n"
                + "  - { entity: Tickets, category: Time Entries, view: All }\n"));
    assertEquals(
        "t.yaml:7:15: unknown Autotask entity 'TicketNote' (did you mean 'TicketNotes'?)"
            + " (entities are the REST API's names, e.g. TicketNotes)",
        errors(AT_HEAD + "  - { entity: TicketNote, view: All }\n"));
    assertEquals(
        "t.yaml:7:17: unknown Autotask category 'Inventory' ('Inventory' is a security-level"
            + " section: write section: Inventory)",
        errors(AT_HEAD + "  - { category: Inventory, view: All }\n"));
    assertEquals(
        "t.yaml:7:16: unknown Autotask security-level section 'Inventry' (did you mean"
            + " 'Inventory'?)",
        errors(AT_HEAD + "  - { section: Inventry, view: All }\n"));
    assertEquals(
        "t.yaml:7:49: 'needs' asks for add All but the row allows None (a baseline never needs"
            + " more than it allows)",
        errors(AT_HEAD + "  - { entity: Tickets, view: All, needs: { add: All } }\n"));
    assertEquals(
        "t.yaml:7:95: a row is 'optional' (needs nothing) or says what it 'needs', not both",
        errors(
            CW_HEAD
                + "  - { module: System, function: Table Setup, inquire: All, needs: { inquire:"
                + " All }, optional: true }\n"));
  }

  @Test
  void theShippedBaselinesParse() throws Exception {
    List<Baseline> all = new BaselineLoader(CATALOG).loadBuiltIn();
    assertFalse(all.isEmpty());
  }
}

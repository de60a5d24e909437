package dev.psapolicy.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PermissionCatalog#normalize} skips the steps whose pattern cannot match; it must give what
 * running every step does, on every name and on any string.
 */
class NormalizeTest {
  private static final Pattern CUSTOMIZE_MARK = Pattern.compile("\\((\\* ?)?customi[sz]e\\)");
  private static final Pattern AND = Pattern.compile("\\s+and\\s+");
  private static final Pattern DASH = Pattern.compile("\\s*-\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** Every step, always: the definition. */
  private static String everyStep(String s) {
    String t =
        s.toLowerCase(Locale.ROOT)
            .replace('\u2013', '-')
            .replace('\u2014', '-')
            .replace('\u2011', '-');
    t = CUSTOMIZE_MARK.matcher(t).replaceAll("").replace("(sic)", "").replace("*", "");
    t = AND.matcher(t).replaceAll(" & ");
    t = DASH.matcher(t).replaceAll(" - ");
    return SPACES.matcher(t).replaceAll(" ").strip();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Service Desk / Service Tickets|service desk / service tickets",
        "Companies  and   Contacts|companies & contacts",
        "Time & Expense – Time Entry|time & expense - time entry",
        "Project Tickets (customize)|project tickets",
        "Project Tickets (* Customise)|project tickets",
        "Configurations*|configurations",
        "Sales(sic) - Opportunities|sales - opportunities",
        "Band and Orchestra|band & orchestra",
        "Brand|brand",
      })
  void examples(String name, String normalized) {
    assertEquals(normalized, PermissionCatalog.normalize(name));
    assertEquals(everyStep(name), PermissionCatalog.normalize(name));
  }

  @Test
  void tabsNewLinesAndOtherSpaces() {
    for (String s :
        List.of(
            "a\tb",
            "a\nb",
            "a\u000Bb",
            "a\fb",
            "a\rb",
            "a  b",
            " a ",
            "a\u00A0b",
            "a\u2003 b",
            "\u3000a",
            "x\tand\ty",
            "x -\ty")) {
      assertEquals(everyStep(s), PermissionCatalog.normalize(s), s);
    }
  }

  @Test
  void everyBuiltInName() {
    PermissionCatalog c = PermissionCatalog.builtIn();
    List<String> names = new ArrayList<>();
    for (Cell cell : c.cells(Platform.CONNECTWISE)) {
      names.add(cell.module());
      names.add(cell.function());
    }
    for (Cell cell : c.cells(Platform.AUTOTASK)) {
      names.add(cell.module());
      names.add(cell.function());
    }
    for (String n : names) {
      assertEquals(everyStep(n), PermissionCatalog.normalize(n), n);
    }
  }

  @Test
  void randomStringsOfTheCharactersThatMatter() {
    String alphabet = "aAndDsic*()-–—‑ \t\n\u000B\f\r\u00A0&/zeEuUmMtT";
    Random random = new Random(20261206L);
    for (int i = 0; i < 200_000; i++) {
      int n = random.nextInt(24);
      StringBuilder sb = new StringBuilder(n);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextInt(4) == 0) {
        String[] words = {" and ", "(customize)", "(* customise)", "(sic)", " - ", "  "};
        sb.insert(random.nextInt(sb.length() + 1), words[random.nextInt(words.length)]);
      }
      String s = sb.toString();
      assertEquals(everyStep(s), PermissionCatalog.normalize(s), s);
    }
  }
}

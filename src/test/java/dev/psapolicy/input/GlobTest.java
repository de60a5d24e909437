package dev.psapolicy.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest(name = "''{0}'' on ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      PSA-OVERGRANT-DELETE | PSA-OVERGRANT-DELETE | true
      PSA-OVERGRANT-DELETE | psa-overgrant-delete | true
      PSA-OVERGRANT-DELETE | PSA-OVERGRANT-DELETES | false
      PSA-OVERGRANT-*      | PSA-OVERGRANT-EDIT    | true
      PSA-OVERGRANT-*      | PSA-OVERGRANT-        | true
      PSA-OVERGRANT-*      | CW-TICKET-ADD-ONLY    | false
      *                    | anything at all       | true
      **                   | x                     | true
      18?                  | 187                   | true
      18?                  | 18                    | false
      1[89]7               | 187                   | true
      1[89]7               | 177                   | false
      1[!8]7               | 187                   | false
      1[!8]7               | 177                   | true
      1[0-9]7              | 157                   | true
      Time & Expense       | time & expense        | true
      Configuration - *    | Configuration - Display Passwords | true
      a.b                  | axb                   | false
      a+b                  | a+b                   | true
      \\*                  | *                     | true
      \\*                  | x                     | false
      """)
  void matches(String glob, String value, boolean expected) {
    assertEquals(expected, Glob.parse(glob).matches(value));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
      CW-[TICKET  | bad glob 'CW-[TICKET': the '[' at position 4 is never closed
      a[]b        | bad glob 'a[]b': the class at position 2 is empty
      a[!]b       | bad glob 'a[!]b': the class at position 2 is empty
      abc\\       | bad glob 'abc\\': it ends with an escaping '\\'
      x[z-a]      | bad glob 'x[z-a]': the range z-a in the class at position 2 runs backwards
      "  "        | bad glob '  ': it is empty
      """)
  void badGlobsSayWhy(String glob, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Glob.parse(glob));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      PSA-ADMIN-API-USER | PSA-ADMIN-API-USER
      \\*x               | *x
      """)
  void literalsNameOneValue(String glob, String literal) {
    assertEquals(literal, Glob.parse(glob).literal());
  }
}

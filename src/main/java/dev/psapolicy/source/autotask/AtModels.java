package dev.psapolicy.source.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psapolicy.source.http.Shape;
import dev.psapolicy.source.http.Shape.Mismatch;
import java.util.Locale;

/** The vendor records psa-policy reads, as the Autotask REST v1.0 spec shapes them. */
final class AtModels {
  private AtModels() {}

  /** The API user's own Resource row ({@code ResourceModel}). */
  record AtResource(
      long id,
      String userName,
      String firstName,
      String lastName,
      Long userType,
      Long licenseType,
      Boolean active,
      String email) {
    static AtResource from(JsonNode n, String where) throws Mismatch {
      Shape.object(n, where);
      long id = Shape.requireLong(n, "id", where);
      String w = where + " (id " + id + ")";
      return new AtResource(
          id,
          Shape.optText(n, "userName", w),
          Shape.optText(n, "firstName", w),
          Shape.optText(n, "lastName", w),
          Shape.optLong(n, "userType", w),
          Shape.optLong(n, "licenseType", w),
          Shape.optBool(n, "isActive", w),
          Shape.optText(n, "email", w));
    }

    String displayName() {
      String name =
          ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
      return name.isEmpty() ? userName : name;
    }
  }

  /**
   * An access level as entityInformation reports it: the strings None / All / Restricted or the
   * numbers 0 / 1 / 2 (the spec types the field loosely, clients see both). Anything else is null,
   * which the fetcher reports as incomplete data rather than guess.
   */
  static String access(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      int i = v.asInt();
      return i >= 0 && i <= 2 && v.canConvertToInt() ? String.valueOf(i) : null;
    }
    if (v.isTextual()) {
      String t = v.asText().strip().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "none", "all", "restricted", "0", "1", "2" -> v.asText().strip();
        default -> null;
      };
    }
    return null;
  }
}

package dev.psapolicy.source.connectwise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psapolicy.source.http.Shape;
import dev.psapolicy.source.http.Shape.Mismatch;

/** The vendor records psa-policy reads, as the ConnectWise 3.0 spec shapes them. */
final class CwModels {
  private CwModels() {}

  /**
   * An API member, from {@code /system/apiMembers} ({@code ApiMember}) or from {@code
   * /system/members} with licence class A ({@code Member}).
   */
  record CwMember(
      long id,
      String identifier,
      String name,
      Long roleId,
      String roleName,
      boolean admin,
      boolean inactive,
      String licenseClass,
      String email,
      String notes) {

    static CwMember fromApiMember(JsonNode n, String where) throws Mismatch {
      Shape.object(n, where);
      long id = Shape.requireLong(n, "id", where);
      String w = where + " (id " + id + ")";
      JsonNode role = Shape.optObject(n, "securityRole", w);
      String identifier = Shape.optText(n, "identifier", w);
      String name = Shape.optText(n, "name", w);
      return new CwMember(
          id,
          identifier,
          name == null || name.isBlank() ? identifier : name,
          role == null ? null : Shape.optLong(role, "id", w + " securityRole"),
          role == null ? null : Shape.optText(role, "name", w + " securityRole"),
          false,
          Boolean.TRUE.equals(Shape.optBool(n, "inactiveFlag", w)),
          "A",
          Shape.optText(n, "emailAddress", w),
          Shape.optText(n, "notes", w));
    }

    static CwMember fromMember(JsonNode n, String where) throws Mismatch {
      Shape.object(n, where);
      long id = Shape.requireLong(n, "id", where);
      String w = where + " (id " + id + ")";
      JsonNode role = Shape.optObject(n, "securityRole", w);
      String identifier = Shape.optText(n, "identifier", w);
      String first = Shape.optText(n, "firstName", w);
      String last = Shape.optText(n, "lastName", w);
      String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
      return new CwMember(
          id,
          identifier,
          name.isEmpty() ? identifier : name,
          role == null ? null : Shape.optLong(role, "id", w + " securityRole"),
          role == null ? null : Shape.optText(role, "name", w + " securityRole"),
          Boolean.TRUE.equals(Shape.optBool(n, "adminFlag", w)),
          Boolean.TRUE.equals(Shape.optBool(n, "inactiveFlag", w)),
          Shape.optText(n, "licenseClass", w),
          Shape.optText(n, "officeEmail", w),
          Shape.optText(n, "notes", w));
    }
  }

  /** A security role ({@code SecurityRole}). */
  record CwRole(long id, String name, boolean admin, boolean inactive) {
    static CwRole from(JsonNode n, String where) throws Mismatch {
      Shape.object(n, where);
      long id = Shape.requireLong(n, "id", where);
      String w = where + " (id " + id + ")";
      return new CwRole(
          id,
          Shape.optText(n, "name", w),
          Boolean.TRUE.equals(Shape.optBool(n, "adminFlag", w)),
          Boolean.TRUE.equals(Shape.optBool(n, "inactiveFlag", w)));
    }
  }

  /**
   * One row of a role's settings ({@code SecurityRoleSetting}), levels as the vendor wrote them.
   */
  record CwSetting(
      long id,
      String module,
      String function,
      String add,
      String edit,
      String delete,
      String inquire) {
    static CwSetting from(JsonNode n, String where) throws Mismatch {
      Shape.object(n, where);
      long id = Shape.requireLong(n, "id", where);
      String w = where + " (id " + id + ")";
      return new CwSetting(
          id,
          Shape.optText(n, "moduleName", w),
          Shape.optText(n, "moduleFunctionDescription", w),
          Shape.optText(n, "addLevel", w),
          Shape.optText(n, "editLevel", w),
          Shape.optText(n, "deleteLevel", w),
          Shape.optText(n, "inquireLevel", w));
    }
  }
}

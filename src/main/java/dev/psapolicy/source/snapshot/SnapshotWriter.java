package dev.psapolicy.source.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.ResponseRef;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.input.Hashes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes snapshots as JSON in the documented field order (stable bytes for stable hashes). */
public final class SnapshotWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SnapshotWriter() {}

  /** The snapshot as pretty-printed JSON bytes, ending with a newline. */
  public static byte[] toJson(Snapshot s) {
    try {
      byte[] body = JSON.writeValueAsBytes(toMap(s));
      byte[] out = new byte[body.length + 1];
      System.arraycopy(body, 0, out, 0, body.length);
      out[body.length] = '\n';
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise snapshot", e);
    }
  }

  /**
   * The hash of what the snapshot says about the instance's permissions: its platform, instance,
   * completeness, principals and roles, without when or how they were read (fetch time, provenance)
   * and independent of the file's formatting. Two fetches of an unchanged instance give the same
   * value; a plan records it and {@code apply} refuses when a fresh fetch differs.
   */
  public static String factsSha256(Snapshot s) {
    Snapshot facts =
        new Snapshot(
            s.formatVersion(),
            s.platform(),
            s.instance(),
            null,
            s.complete(),
            s.incomplete(),
            null,
            s.principals(),
            s.roles(),
            null);
    return Hashes.sha256(toJson(facts));
  }

  static Map<String, Object> toMap(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("formatVersion", s.formatVersion());
    m.put("platform", s.platform().id());
    m.put("instance", s.instance());
    if (s.fetchedAt() != null) {
      m.put("fetchedAt", s.fetchedAt().toString());
    }
    m.put("complete", s.complete());
    if (!s.incomplete().isEmpty()) {
      m.put("incomplete", s.incomplete());
    }
    if (s.provenance() != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("baseUrl", s.provenance().baseUrl());
      p.put("apiVersion", s.provenance().apiVersion());
      p.put("requestCount", s.provenance().requestCount());
      if (s.provenance().accessMethod() != null) {
        p.put("accessMethod", s.provenance().accessMethod().external());
      }
      List<Object> responses = new ArrayList<>();
      for (ResponseRef r : s.provenance().responses()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("method", r.method());
        rm.put("path", r.path());
        rm.put("status", r.status());
        rm.put("sha256", r.sha256());
        responses.add(rm);
      }
      p.put("responses", responses);
      m.put("provenance", p);
    }
    List<Object> principals = new ArrayList<>();
    for (SnapshotPrincipal sp : s.principals()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("id", sp.id());
      pm.put("name", sp.name());
      // absent rather than null: snapshots of principals without them read as before
      if (sp.identifier() != null) {
        pm.put("identifier", sp.identifier());
      }
      if (sp.email() != null) {
        pm.put("email", sp.email());
      }
      if (sp.notes() != null) {
        pm.put("notes", sp.notes());
      }
      pm.put("kind", sp.kind());
      pm.put("role", sp.role());
      if (sp.roleId() != null) {
        pm.put("roleId", sp.roleId());
      }
      pm.put("integrations", sp.integrations());
      Map<String, Object> flags = new LinkedHashMap<>();
      flags.put("admin", sp.admin());
      flags.put("inactive", sp.inactive());
      pm.put("flags", flags);
      pm.put("grants", rows(sp.grants()));
      principals.add(pm);
    }
    m.put("principals", principals);
    // absent when empty: snapshots without roles read and hash as before
    if (!s.roles().isEmpty()) {
      List<Object> roles = new ArrayList<>();
      for (SnapshotRole r : s.roles()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("id", r.id());
        rm.put("name", r.name());
        rm.put("admin", r.admin());
        rm.put("grants", rows(r.grants()));
        roles.add(rm);
      }
      m.put("roles", roles);
    }
    return m;
  }

  private static List<Object> rows(List<PermissionRow> rows) {
    List<Object> grants = new ArrayList<>();
    for (PermissionRow r : rows) {
      Map<String, Object> g = new LinkedHashMap<>();
      if (r.module() != null) {
        g.put("module", r.module());
      }
      g.put("function", r.function());
      putIf(g, "add", r.add());
      putIf(g, "edit", r.edit());
      putIf(g, "delete", r.delete());
      putIf(g, "inquire", r.inquire());
      if (r.customize() != null) {
        g.put("customize", r.customize().all() ? "all" : r.customize().items());
      }
      grants.add(g);
    }
    return grants;
  }

  private static void putIf(Map<String, Object> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}

package dev.psapolicy.simulator;

import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.facts.Snapshot.PermissionRow;
import dev.psapolicy.facts.Snapshot.SnapshotPrincipal;
import dev.psapolicy.facts.Snapshot.SnapshotRole;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data a ConnectWise simulator serves: security roles with their settings, and members (API
 * members and ordinary staff), plus the API key the simulator accepts.
 *
 * @param company the company id of the login
 * @param publicKey the accepted API public key
 * @param privateKey the accepted API private key
 * @param codebase the codebase company-info discovery returns, e.g. {@code v4_6_release/}
 * @param roles the security roles
 * @param members every member (licence class A = API member)
 */
public record ConnectWiseMsp(
    String company,
    String publicKey,
    String privateKey,
    String codebase,
    List<Role> roles,
    List<Member> members,
    Caller caller) {
  /** The demo login: company. */
  public static final String DEMO_COMPANY = "acme";

  /** The demo login: public key (a simulator value, not a real key). */
  public static final String DEMO_PUBLIC_KEY = "SimPublicKey0001";

  /** The demo login: private key (a simulator value, not a real key). */
  public static final String DEMO_PRIVATE_KEY = "SimPrivateKey0001";

  /** The demo clientId. */
  public static final String DEMO_CLIENT_ID = "00000000-0000-4000-8000-00000000c0de";

  public ConnectWiseMsp {
    roles = List.copyOf(roles);
    members = List.copyOf(members);
  }

  /** An MSP whose key pair belongs to no member of the lists (the calling member sees nothing). */
  public ConnectWiseMsp(
      String company,
      String publicKey,
      String privateKey,
      String codebase,
      List<Role> roles,
      List<Member> members) {
    this(company, publicKey, privateKey, codebase, roles, members, null);
  }

  /**
   * The member the key pair belongs to, as {@code /system/mySecurity} shows it: its id and the
   * "Customize" items of its role ({@code /system/mySecurity/customizeItems}).
   *
   * @param memberId the calling member's id
   * @param items its customize items
   */
  public record Caller(long memberId, List<CustomizeItem> items) {
    public Caller {
      items = List.copyOf(items);
    }
  }

  /**
   * One {@code MySecurityCustomizeItem}.
   *
   * @param customizeIdentifier the list, as the spec's enum names it ({@code SystemTableSetup})
   * @param itemIdentifier the item allowed ("Service / Service Board")
   */
  public record CustomizeItem(String customizeIdentifier, String itemIdentifier) {}

  /**
   * {@link #fromSnapshot(Snapshot, int)} with the key pair belonging to the first API member whose
   * rows carry a Customize list: its items are what {@code /system/mySecurity/customizeItems}
   * serves.
   *
   * @param customizeIds the REST API's identifier of each function's Customize list
   */
  public static ConnectWiseMsp fromSnapshot(
      Snapshot seed, int staff, Map<Cell, String> customizeIds) {
    ConnectWiseMsp msp = fromSnapshot(seed, staff);
    for (SnapshotPrincipal p : seed.principals()) {
      List<CustomizeItem> items = new ArrayList<>();
      for (PermissionRow row : p.grants()) {
        String id =
            row.customize() == null
                ? null
                : customizeIds.get(new Cell(row.module(), row.function()));
        if (id != null && !row.customize().all()) {
          row.customize().items().forEach(item -> items.add(new CustomizeItem(id, item)));
        }
      }
      if (!items.isEmpty()) {
        return new ConnectWiseMsp(
            msp.company,
            msp.publicKey,
            msp.privateKey,
            msp.codebase,
            msp.roles,
            msp.members,
            new Caller(Long.parseLong(p.id()), items));
      }
    }
    return msp;
  }

  /**
   * A security role.
   *
   * @param id role id
   * @param name role name
   * @param admin the admin flag
   * @param inactive the inactive flag
   * @param settings its settings rows
   */
  public record Role(
      long id, String name, boolean admin, boolean inactive, List<Setting> settings) {
    public Role {
      settings = List.copyOf(settings);
    }
  }

  /**
   * One settings row, levels as ConnectWise writes them (None/My/All; null when unset).
   *
   * @param module moduleName
   * @param function moduleFunctionDescription
   * @param add addLevel
   * @param edit editLevel
   * @param delete deleteLevel
   * @param inquire inquireLevel
   */
  public record Setting(
      String module, String function, String add, String edit, String delete, String inquire) {}

  /**
   * A member.
   *
   * @param id member id
   * @param identifier login identifier (max 15)
   * @param firstName first name
   * @param lastName last name
   * @param name display name (API members' name)
   * @param licenseClass A (API), F (full), C, X
   * @param roleId its security role
   * @param inactive the inactive flag
   */
  public record Member(
      long id,
      String identifier,
      String firstName,
      String lastName,
      String name,
      String licenseClass,
      long roleId,
      boolean inactive) {
    /** True for an API member. */
    public boolean api() {
      return "A".equals(licenseClass);
    }

    /** The same member on another security role. */
    public Member withRoleId(long newRoleId) {
      return new Member(
          id, identifier, firstName, lastName, name, licenseClass, newRoleId, inactive);
    }

    /** The same member with another inactive flag. */
    public Member withInactive(boolean newInactive) {
      return new Member(
          id, identifier, firstName, lastName, name, licenseClass, roleId, newInactive);
    }
  }

  /** The member with this id, or null. */
  public Member member(long id) {
    for (Member m : members) {
      if (m.id() == id) {
        return m;
      }
    }
    return null;
  }

  /** The role with this id, or null. */
  public Role role(long id) {
    for (Role r : roles) {
      if (r.id() == id) {
        return r;
      }
    }
    return null;
  }

  /** A copy in which the member with {@code changed}'s id is {@code changed}. */
  public ConnectWiseMsp withMember(Member changed) {
    List<Member> out = new ArrayList<>();
    for (Member m : members) {
      out.add(m.id() == changed.id() ? changed : m);
    }
    return new ConnectWiseMsp(company, publicKey, privateKey, codebase, roles, out, caller);
  }

  /** A copy that accepts another key pair. */
  public ConnectWiseMsp withLogin(String company, String publicKey, String privateKey) {
    return new ConnectWiseMsp(company, publicKey, privateKey, codebase, roles, members, caller);
  }

  /**
   * The MSP a ConnectWise snapshot describes: one API member per principal (same id and name), one
   * role per distinct role name with the principal's rows, the snapshot's own {@code roles} with
   * their ids (roles no principal needs to hold), plus {@code staff} ordinary members on a few
   * staff roles (they make the member and role lists realistic and are never API users). Logs in
   * with the demo key pair.
   */
  public static ConnectWiseMsp fromSnapshot(Snapshot seed, int staff) {
    if (seed.platform() != Platform.CONNECTWISE) {
      throw new IllegalArgumentException("not a ConnectWise snapshot");
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    String[][] staffRoles = {
      {"Technician", "Service Desk", "Service Tickets"},
      {"Service Manager", "Service Desk", "Service Tickets"},
      {"Dispatcher", "Service Desk", "Resource Scheduling"},
      {"Accounting", "Finance", "Invoicing"}
    };
    long staffRoleId = 2;
    for (String[] r : staffRoles) {
      roles.put(
          r[0],
          new Role(
              staffRoleId++,
              r[0],
              false,
              false,
              List.of(
                  new Setting(r[1], r[2], "All", "All", "None", "All"),
                  new Setting("System", "My Account", "My", "My", "None", "My"),
                  new Setting("Companies", "Company Maintenance", "None", "None", "None", "All"))));
    }
    // the seed's own roles (its top-level roles:), with their ids: roles an instance has besides
    // the ones its API members hold, e.g. a least-privilege role a plan can reassign a member to
    for (SnapshotRole r : seed.roles()) {
      roles.putIfAbsent(
          r.name(),
          new Role(Long.parseLong(r.id()), r.name(), r.admin(), false, settings(r.grants())));
    }
    long nextRoleId = 18;
    List<Member> members = new ArrayList<>();
    for (SnapshotPrincipal p : seed.principals()) {
      String roleName = p.role() == null ? "Role-" + p.id() : p.role();
      Role role = roles.get(roleName);
      if (role == null) {
        long id = p.admin() ? 1 : nextRoleId++;
        role = new Role(id, roleName, p.admin(), false, settings(p.grants()));
        roles.put(roleName, role);
      }
      String name = p.name() == null ? "API " + p.id() : p.name();
      int cut = name.lastIndexOf(' ');
      members.add(
          new Member(
              Long.parseLong(p.id()),
              p.identifier() != null ? p.identifier() : identifier(name),
              cut < 0 ? name : name.substring(0, cut),
              cut < 0 ? "API" : name.substring(cut + 1),
              name,
              "A",
              role.id(),
              p.inactive()));
    }
    String[] first = {
      "Alex", "Blair", "Casey", "Dana", "Eli", "Frankie", "Gray", "Harper", "Indy", "Jordan", "Kai",
      "Logan"
    };
    String[] last = {
      "Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber"
    };
    List<Role> staffRoleList = new ArrayList<>(roles.values()).subList(0, staffRoles.length);
    for (int i = 0; i < staff; i++) {
      String f = first[i % first.length];
      String l = last[(i / first.length + i) % last.length];
      Role r = staffRoleList.get(i % staffRoleList.size());
      members.add(
          new Member(
              140 + i,
              (f.charAt(0) + l).toLowerCase(Locale.ROOT)
                  + (i / first.length == 0 ? "" : String.valueOf(i / first.length)),
              f,
              l,
              f + " " + l,
              "F",
              r.id(),
              false));
    }
    members.sort((a, b) -> Long.compare(a.id(), b.id()));
    List<Role> roleList = new ArrayList<>(roles.values());
    roleList.sort((a, b) -> Long.compare(a.id(), b.id()));
    return new ConnectWiseMsp(
        DEMO_COMPANY, DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, "v4_6_release/", roleList, members);
  }

  private static List<Setting> settings(List<PermissionRow> rows) {
    List<Setting> settings = new ArrayList<>();
    for (PermissionRow row : rows) {
      settings.add(
          new Setting(
              row.module(), row.function(), row.add(), row.edit(), row.delete(), row.inquire()));
    }
    return settings;
  }

  private static String identifier(String name) {
    String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return id.length() > 15 ? id.substring(0, 15) : id;
  }
}

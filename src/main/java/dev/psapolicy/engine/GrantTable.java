package dev.psapolicy.engine;

import dev.psapolicy.facts.Grant;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The grants of a run as the fact assembler judged them, kept one row per principal and cell and
 * made into {@link Grant} facts only when read: an immutable list, equal to the list of its grants.
 *
 * <p>A million-grant run holds a quarter of a million rows and two small arrays here instead of a
 * million thirteen-field records that live as long as the run. A rule session that sees only some
 * of the grants ({@link Engine}) makes only those for longer than a moment, and a report makes each
 * one again only when it is shown. Each read makes a new, equal grant.
 */
final class GrantTable extends AbstractList<Grant> implements RandomAccess {
  private static final Verb[] VERBS = Verb.values();

  private final Row[] rows;
  private final byte[] verbs;

  private GrantTable(Row[] rows, byte[] verbs) {
    this.rows = rows;
    this.verbs = verbs;
  }

  @Override
  public Grant get(int index) {
    if (index < 0 || index >= rows.length) {
      throw new IndexOutOfBoundsException(index);
    }
    return rows[index].grant(verbs[index]);
  }

  @Override
  public int size() {
    return rows.length;
  }

  /**
   * The grants a built-in rule may match ({@link Engine#matchesNoBuiltInRule}), made; the others
   * are judged from their rows and never made.
   */
  List<Grant> mayMatchABuiltInRule() {
    List<Grant> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      if (!rows[i].matchesNoBuiltInRule(verbs[i])) {
        out.add(rows[i].grant(verbs[i]));
      }
    }
    return out;
  }

  /** {@code get(index).principalKey()}, without making the grant. */
  String principalKey(int index) {
    return rows[index].owner.key();
  }

  /**
   * The principal a row's grants belong to, shared by all its rows.
   *
   * @param key {@code Principal#key()}
   * @param platform the platform id
   * @param ids its baselines' ids, immutable; none when it has no baseline, so its grants are not
   *     judged
   */
  record Owner(String key, String platform, List<String> ids) {}

  /**
   * The lattice join of several baselines on one cell, per verb (by ordinal), with the ids that set
   * each: what they allow, and (separately) what they need. Made once per combination of baselines
   * and shared by the rows of every principal that has it.
   */
  static final class Allowed {
    final Level[] levels = {Level.NONE, Level.NONE, Level.NONE, Level.NONE};

    @SuppressWarnings("unchecked")
    final List<String>[] ids = new List[4];

    final Level[] needed = {Level.NONE, Level.NONE, Level.NONE, Level.NONE};

    @SuppressWarnings("unchecked")
    final List<String>[] neededIds = new List[4];

    boolean needsAny() {
      for (Level l : needed) {
        if (l.rank() > 0) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * What a role holds on one cell, per verb (by ordinal): the level on the lattice (null where no
   * row says), the vendor's value (null when filled in as None) and whether the cell is real (the
   * catalog knows it, or the PSA reported it); and, once judged, what its baselines allow there.
   */
  static final class Row {
    final Cell cell;
    private Level add;
    private Level edit;
    private Level delete;
    private Level inquire;
    private String rawAdd;
    private String rawEdit;
    private String rawDelete;
    private String rawInquire;
    private int known;
    private Owner owner;
    private Allowed allowed;

    Row(Cell cell) {
      this.cell = cell;
    }

    Level level(int verb) {
      return switch (verb) {
        case 0 -> add;
        case 1 -> edit;
        case 2 -> delete;
        default -> inquire;
      };
    }

    String raw(int verb) {
      return switch (verb) {
        case 0 -> rawAdd;
        case 1 -> rawEdit;
        case 2 -> rawDelete;
        default -> rawInquire;
      };
    }

    boolean known(int verb) {
      return (known & (1 << verb)) != 0;
    }

    void hold(int verb, Level level, String raw, boolean real) {
      switch (verb) {
        case 0 -> {
          add = level;
          rawAdd = raw;
        }
        case 1 -> {
          edit = level;
          rawEdit = raw;
        }
        case 2 -> {
          delete = level;
          rawDelete = raw;
        }
        default -> {
          inquire = level;
          rawInquire = raw;
        }
      }
      known = real ? known | (1 << verb) : known & ~(1 << verb);
    }

    /** Judges the row: whose it is, and what its baselines allow (null where none lists it). */
    void judge(Owner owner, Allowed allowed) {
      this.owner = owner;
      this.allowed = allowed;
    }

    private boolean judged() {
      return !owner.ids().isEmpty();
    }

    /** {@link Grant#allowed()} of a verb: None where no baseline lists the cell, null unjudged. */
    private Level allowed(int i) {
      return !judged() ? null : allowed == null ? Level.NONE : allowed.levels[i];
    }

    /** {@link Grant#needed()} of a verb, as {@link #allowed(int)}. */
    private Level needed(int i) {
      return !judged() ? null : allowed == null ? Level.NONE : allowed.needed[i];
    }

    /**
     * {@code Engine.matchesNoBuiltInRule(grant(i))} without making the grant, its ranks derived as
     * {@link Grant#allowedRank()} and {@link Grant#neededRank()} derive them.
     */
    boolean matchesNoBuiltInRule(int i) {
      Level a = allowed(i);
      Level n = needed(i);
      return Engine.matchesNoBuiltInRule(
          judged(),
          level(i).rank(),
          a == null ? 3 : a.rank(),
          n == null ? 0 : n.rank(),
          known(i),
          cell.module(),
          cell.function());
    }

    /** The grant of one verb the row holds. */
    Grant grant(int i) {
      return new Grant(
          owner.key(),
          owner.platform(),
          cell.module(),
          cell.function(),
          VERBS[i],
          level(i),
          raw(i),
          known(i),
          allowed(i),
          allowed != null,
          allowed == null ? owner.ids() : allowed.ids[i], // an unjudged row has no ids
          needed(i),
          allowed == null ? List.of() : allowed.neededIds[i]);
    }
  }

  /** Grants in order, one judged row and verb at a time; one builder per thread. */
  static final class Builder {
    private Row[] rows = new Row[64];
    private byte[] verbs = new byte[64];
    private int size;

    /** Appends the grant of one verb of a judged row. */
    void add(Row row, int verb) {
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
        verbs = Arrays.copyOf(verbs, size * 2);
      }
      rows[size] = row;
      verbs[size] = (byte) verb;
      size++;
    }

    /** Appends the grants of other builders, in order. */
    void addAll(List<Builder> others) {
      int total = size;
      for (Builder b : others) {
        total += b.size;
      }
      rows = Arrays.copyOf(rows, Math.max(total, rows.length));
      verbs = Arrays.copyOf(verbs, Math.max(total, verbs.length));
      for (Builder b : others) {
        System.arraycopy(b.rows, 0, rows, size, b.size);
        System.arraycopy(b.verbs, 0, verbs, size, b.size);
        size += b.size;
      }
    }

    /** The grants added so far, as an immutable list. */
    GrantTable build() {
      return new GrantTable(Arrays.copyOf(rows, size), Arrays.copyOf(verbs, size));
    }
  }
}

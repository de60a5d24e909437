package dev.psapolicy.vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ConnectWise "Customize: allow access to these" list of one function (Table Setup's tables,
 * Configurations' types, Agreements' types, ...), as a role grants it: either unrestricted (every
 * item, the PSA's default) or the items named.
 *
 * @param all whether every item is allowed
 * @param items the items allowed ("General / Custom Fields"); empty when {@code all}
 */
public record CustomizeList(boolean all, List<String> items) {
  /** Every item: the list is not restricted. */
  public static final CustomizeList ALL = new CustomizeList(true, List.of());

  public CustomizeList {
    items = all ? List.of() : List.copyOf(items);
  }

  /** A restricted list of the items named. */
  public static CustomizeList of(List<String> items) {
    return new CustomizeList(false, items);
  }

  /**
   * The items this list allows that {@code allowed} does not (compared without case and spacing
   * differences); for an unrestricted list, the single entry "every item".
   */
  public List<String> beyond(List<String> allowed) {
    if (all) {
      return List.of(EVERY_ITEM);
    }
    List<String> keys = allowed.stream().map(CustomizeList::key).toList();
    List<String> out = new ArrayList<>();
    for (String item : items) {
      if (!keys.contains(key(item))) {
        out.add(item);
      }
    }
    return out;
  }

  /** How an unrestricted list is named in findings. */
  public static final String EVERY_ITEM = "every item (the list is not restricted)";

  /** The comparison key of an item: case, spacing around '/', and runs of spaces ignored. */
  public static String key(String item) {
    return item.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s*/\\s*", " / ")
        .replaceAll("\\s+", " ");
  }
}

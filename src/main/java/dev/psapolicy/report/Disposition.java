package dev.psapolicy.report;

/**
 * Whether a violation counts against the gate. Waived and accepted violations stay visible in every
 * output, marked, and are counted apart.
 *
 * @param status open, waived or accepted
 * @param reference the waiver id (waived) or the accepted-findings file (accepted); null when open
 */
public record Disposition(Status status, String reference) {
  /** The disposition of a violation nobody has excused. */
  public static final Disposition OPEN = new Disposition(Status.OPEN, null);

  /** The three states. */
  public enum Status {
    OPEN("open"),
    WAIVED("waived"),
    ACCEPTED("accepted");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public static Disposition waived(String waiverId) {
    return new Disposition(Status.WAIVED, waiverId);
  }

  public static Disposition accepted(String file) {
    return new Disposition(Status.ACCEPTED, file);
  }

  public boolean isOpen() {
    return status == Status.OPEN;
  }
}

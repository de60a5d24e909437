package dev.psapolicy.cli;

import dev.psapolicy.source.http.Progress;
import dev.psapolicy.source.http.PsaHttpClient;
import dev.psapolicy.source.http.RecordedResponse;
import java.io.PrintStream;

/**
 * A one-line progress display on a terminal's stderr ("roles 3/4, 17 requests"), redrawn in place;
 * silent when stderr is not a terminal, so logs and tests see no control characters.
 */
final class ProgressLine implements Progress, PsaHttpClient.Listener {
  private final PrintStream err;
  private final boolean enabled;
  private final String prefix;
  private String unit = "";
  private int done;
  private int total;
  private int requests;
  private boolean drawn;

  ProgressLine(Context ctx, String prefix) {
    this.err = ctx.err();
    this.enabled = ctx.stderrIsTerminal();
    this.prefix = prefix;
  }

  @Override
  public synchronized void update(String what, int d, int t, int r) {
    unit = what;
    done = d;
    total = t;
    requests = Math.max(requests, r);
    draw();
  }

  @Override
  public synchronized void onResponse(RecordedResponse response) {
    requests++;
    draw();
  }

  /** Ends the line (before other output). */
  synchronized void finish() {
    if (enabled && drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }

  private void draw() {
    if (!enabled) {
      return;
    }
    String what = unit.isEmpty() ? "" : unit + " " + done + "/" + total + ", ";
    err.print("\r\033[K" + prefix + ": " + what + requests + " requests");
    err.flush();
    drawn = true;
  }
}

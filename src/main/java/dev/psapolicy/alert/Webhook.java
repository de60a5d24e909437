package dev.psapolicy.alert;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One alert receiver.
 *
 * @param name the name the config gives it (in messages and the ledger)
 * @param format the payload format
 * @param url where to POST; a secret, since an incoming-webhook URL carries its own token
 * @param hmacKey the key the JSON format signs with, or null (then unsigned); only from a file or
 *     an environment variable, never written in the config
 */
public record Webhook(String name, Format format, Secret url, Secret hmacKey) {
  /** The payload formats. */
  public enum Format {
    /** A Microsoft Teams message with an Adaptive Card (incoming webhooks and Workflows). */
    TEAMS("teams"),
    /** A Slack incoming-webhook message: {@code text} plus {@code blocks}. */
    SLACK("slack"),
    /** psa-policy's own JSON, versioned, signed with HMAC-SHA256 when a key is given. */
    JSON("json");

    private final String id;

    Format(String id) {
      this.id = id;
    }

    /** The name in the config. */
    public String id() {
      return id;
    }

    /** Parses a config name; null when unknown. */
    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.id.equals(s.toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      return null;
    }
  }

  public Webhook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(url, "url");
  }

  /** The URL to POST to. */
  public URI uri() {
    return URI.create(url.reveal().strip());
  }

  /** "webhook 'ops' (hooks.example.com)": the name and host, never the path with its token. */
  public String describe() {
    String host;
    try {
      host = uri().getHost();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    return "webhook '" + name + "'" + (host == null ? "" : " (" + host + ")");
  }
}

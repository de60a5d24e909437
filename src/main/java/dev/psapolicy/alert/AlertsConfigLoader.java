package dev.psapolicy.alert;

import dev.psapolicy.input.Fields;
import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.Problems;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.report.Severity;
import dev.psapolicy.source.http.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code alerts:} section of {@code psa-policy.yaml}: every problem at once, each with
 * its {@code file:line:col}, unknown keys with a "did you mean". {@link #section} is what the
 * policy loader calls for the section's node; {@link #load} reads it from a file on its own
 * (ignoring the file's other keys, which the policy loader checks).
 *
 * <p>A webhook's HMAC key only comes from a file (readable by its owner only) or an environment
 * variable, never from the config itself; its URL may too (an incoming-webhook URL is a bearer
 * token). Neither is read here: {@link AlertsConfig#resolve} reads them when the service starts, so
 * that {@code check} and {@code validate} read a config whose secrets exist only where the service
 * runs. No message quotes a URL or a secret.
 */
public final class AlertsConfigLoader {
  /** The section's key in {@code psa-policy.yaml}. */
  public static final String KEY = "alerts";

  /** The most attempts per delivery a config may ask for. */
  public static final int MAX_ATTEMPTS = 10;

  private static final Set<String> TOP =
      new LinkedHashSet<>(
          List.of("webhooks", "threshold", "waiverExpiryDays", "publicUrl", "maxAttempts"));
  private static final Set<String> WEBHOOK =
      new LinkedHashSet<>(List.of("name", "format", "url", "secret"));
  private static final Set<String> REF = new LinkedHashSet<>(List.of("env", "file"));
  private static final List<String> SEVERITIES =
      Arrays.stream(Severity.values()).map(Severity::id).toList();
  private static final List<String> FORMATS =
      Arrays.stream(Webhook.Format.values()).map(Webhook.Format::id).toList();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private AlertsConfigLoader() {}

  /**
   * Reads the {@code alerts} key of a YAML or JSON file; {@link AlertsConfig#NONE} when it has
   * none.
   *
   * @param file the file
   * @param display the file as the user named it
   */
  public static AlertsConfig load(Path file, String display) throws InvalidInputException {
    Node root = StructuredFiles.read(file, display);
    Problems problems = new Problems();
    if (!root.isMap()) {
      throw new InvalidInputException(
          new InputProblem(
              display,
              root.line(),
              root.column(),
              "a config must be a mapping, found " + root.describe()));
    }
    AlertsConfig c = section(display, root.get(KEY), file.toAbsolutePath().getParent(), problems);
    problems.throwIfAny();
    return c;
  }

  /**
   * Reads the section's node; problems go to {@code problems} (the caller throws once the whole
   * file is checked). Returns {@link AlertsConfig#NONE} for an absent or null node, and the
   * defaults where a value had a problem.
   *
   * @param file the config as the user named it
   * @param node the value of {@code alerts}, or null
   * @param base the config's folder: secret files resolve against it
   * @param problems where problems go
   */
  public static AlertsConfig section(String file, Node node, Path base, Problems problems) {
    if (node == null || node.isNull()) {
      return AlertsConfig.NONE;
    }
    Fields top = Fields.of(file, node, "'alerts'", TOP, problems);
    if (top == null) {
      return AlertsConfig.NONE;
    }
    Severity threshold = Severity.parse(top.optOneOf("threshold", SEVERITIES));
    int days =
        bounded(
            file,
            top,
            "waiverExpiryDays",
            0,
            365,
            AlertsConfig.DEFAULT_WAIVER_EXPIRY_DAYS,
            problems);
    int attempts =
        bounded(
            file, top, "maxAttempts", 1, MAX_ATTEMPTS, AlertsConfig.DEFAULT_MAX_ATTEMPTS, problems);
    URI publicUrl = null;
    String pub = top.optText("publicUrl");
    if (pub != null) {
      publicUrl = url(file, top.raw("publicUrl"), "publicUrl", pub, problems);
    }
    List<WebhookSpec> hooks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node n : top.optList("webhooks")) {
      WebhookSpec w = webhook(file, n, base, problems);
      if (w != null && !names.add(w.name().toLowerCase(Locale.ROOT))) {
        problems.add(file, n.get("name"), "webhook name '" + w.name() + "' is used twice");
      } else if (w != null) {
        hooks.add(w);
      }
    }
    return new AlertsConfig(
        hooks,
        threshold == null ? AlertsConfig.DEFAULT_THRESHOLD : threshold,
        days,
        publicUrl,
        attempts);
  }

  private static WebhookSpec webhook(String file, Node n, Path base, Problems problems) {
    int before = problems.list().size();
    Fields f = Fields.of(file, n, "a webhook", WEBHOOK, problems);
    if (f == null) {
      return null;
    }
    String name = f.requireText("name");
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add(
          file,
          f.raw("name"),
          "webhook name '"
              + name
              + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    String formatText = f.requireOneOf("format", FORMATS);
    Webhook.Format format = formatText == null ? null : Webhook.Format.parse(formatText);
    SecretRef url = null;
    Node urlNode = f.raw("url");
    if (urlNode == null || urlNode.isNull()) {
      problems.add(file, n, "missing required key 'url'");
    } else if (urlNode.isScalar()) {
      String u = urlNode.text().strip();
      if (url(file, urlNode, "url", u, problems) != null) {
        url =
            new SecretRef(
                SecretRef.Kind.LITERAL, u, null, "url", file, urlNode.line(), urlNode.column());
      }
    } else {
      url = reference(file, urlNode, "url", base, problems);
    }
    SecretRef key = null;
    Node keyNode = f.raw("secret");
    if (keyNode != null && !keyNode.isNull()) {
      if (keyNode.isScalar()) {
        // the value is never echoed: it may be the secret itself
        problems.add(
            file,
            keyNode,
            "'secret' must not be written in the config; give {env: NAME} or {file: path}");
      } else {
        key = reference(file, keyNode, "secret", base, problems);
      }
      if (format != null && format != Webhook.Format.JSON) {
        problems.add(
            file,
            keyNode,
            "'secret' signs the json format only; a "
                + format.id()
                + " webhook sends no signature");
      }
    }
    if (problems.list().size() > before) {
      return null;
    }
    return new WebhookSpec(name, format, url, key);
  }

  /** {@code {env: NAME}} or {@code {file: path}}: where the value is, or null with a problem. */
  private static SecretRef reference(
      String file, Node node, String key, Path base, Problems problems) {
    int before = problems.list().size();
    Fields r = Fields.of(file, node, "'" + key + "'", REF, problems);
    if (r == null || problems.list().size() > before) {
      return null;
    }
    if (r.has("env") == r.has("file")) {
      problems.add(file, node, "'" + key + "' needs exactly one of 'env' or 'file'");
      return null;
    }
    if (r.has("env")) {
      String name = r.optText("env");
      if (name == null) {
        return null;
      }
      if (!ENV.matcher(name).matches()) {
        problems.add(file, r.raw("env"), "'env' must name an environment variable");
        return null;
      }
      Node at = r.raw("env");
      return new SecretRef(SecretRef.Kind.ENV, name, null, key, file, at.line(), at.column());
    }
    String given = r.optText("file");
    if (given == null) {
      return null;
    }
    Node at = r.raw("file");
    return new SecretRef(
        SecretRef.Kind.FILE,
        given,
        base.resolve(given).normalize(),
        key,
        file,
        at.line(),
        at.column());
  }

  /** A checked http(s) URL, or null with a problem that never quotes it. */
  private static URI url(String file, Node at, String key, String text, Problems problems) {
    return checkUrl(file, at.line(), at.column(), key, text, problems);
  }

  /** A checked http(s) URL, or null with a problem at the place that never quotes it. */
  static URI checkUrl(
      String file, int line, int column, String key, String text, Problems problems) {
    try {
      return Transport.checked(text);
    } catch (IllegalArgumentException e) {
      problems.add(
          new InputProblem(
              file,
              line,
              column,
              "'"
                  + key
                  + "' must be an https:// URL without user info (plain http:// only to a"
                  + " loopback address)"));
      return null;
    }
  }

  private static int bounded(
      String file, Fields f, String key, int min, int max, int dflt, Problems problems) {
    if (!f.has(key)) {
      return dflt;
    }
    int before = problems.list().size();
    int v = f.optInt(key, dflt);
    if (problems.list().size() > before) {
      return dflt;
    }
    if (v < min || v > max) {
      problems.add(
          file,
          f.raw(key),
          "'" + key + "' must be from " + min + " to " + max + ", found " + f.raw(key).text());
      return dflt;
    }
    return v;
  }
}

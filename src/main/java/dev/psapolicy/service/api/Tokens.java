package dev.psapolicy.service.api;

import dev.psapolicy.input.InputProblem;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer tokens the API accepts, stored as SHA-256 hashes only ({@code --token-file}: one
 * {@code sha256:HEX} per line, an optional label after it, {@code #} comments). A presented token
 * is hashed and compared with every stored hash in constant time.
 */
public final class Tokens {
  private static final Pattern LINE = Pattern.compile("sha256:([0-9a-fA-F]{64})(\\s+.*)?");
  private final List<byte[]> hashes;

  private Tokens(List<byte[]> hashes) {
    this.hashes = List.copyOf(hashes);
  }

  /** No tokens: every request is let in (loopback only). */
  public static Tokens none() {
    return new Tokens(List.of());
  }

  /** Whether requests need a token. */
  public boolean required() {
    return !hashes.isEmpty();
  }

  /** Reads a token file; every bad line is a problem with its position. */
  public static Tokens read(Path file, String display) throws InvalidInputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(display, "cannot read file"));
    }
    Problems problems = new Problems();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(l);
      if (m.matches()) {
        out.add(HexFormat.of().parseHex(m.group(1).toLowerCase(Locale.ROOT)));
      } else {
        // never echo the line: it may be a plaintext token pasted by mistake
        problems.add(
            new InputProblem(
                display,
                i + 1,
                1,
                "not a token hash: write sha256:HEX (psa-policy serve --hash-token makes one),"
                    + " never the token itself"));
      }
    }
    if (out.isEmpty() && problems.isEmpty()) {
      problems.add(new InputProblem(display, 1, 1, "no token hash in the file"));
    }
    problems.throwIfAny();
    return new Tokens(out);
  }

  /** Whether an {@code Authorization} header carries an accepted bearer token. */
  public boolean accepts(String authorization) {
    if (!required()) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = sha256(authorization.substring(7).strip());
    boolean ok = false;
    for (byte[] h : hashes) {
      ok |= MessageDigest.isEqual(h, presented);
    }
    return ok;
  }

  /** The token file line for a token. */
  public static String line(String token) {
    return "sha256:" + HexFormat.of().formatHex(sha256(token));
  }

  /** A new random token (32 bytes, URL-safe Base64). */
  public static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

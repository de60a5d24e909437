package dev.psapolicy.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML and JSON files into {@link Node} trees with positions. JSON is chosen by a {@code
 * .json} name or a first non-blank character of '{' or '['; anything else is read as YAML.
 */
public final class StructuredFiles {
  private static final JsonFactory JSON = InputLimits.jsonFactory();

  /**
   * Created on first use: a run that reads no YAML (bundled data is pre-parsed) never starts it.
   */
  private static final class Yaml {
    static final YAMLFactory FACTORY = new PlainYaml.Factory();
  }

  /** What a bundled resource's pre-parsed tree is called: the resource's name plus this. */
  public static final String PARSED_SUFFIX = ".node";

  private StructuredFiles() {}

  /**
   * Reads a user's file; a missing or unreadable file is an input problem naming the file as the
   * user wrote it. The one place every loader reads its file: only a regular file (or a link to
   * one) is opened, never a folder, a device or a FIFO (which would block or never end), and never
   * more than {@link InputLimits#MAX_FILE_BYTES}.
   */
  public static byte[] readBytes(Path file, String displayName) throws InvalidInputException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(InputProblem.at(displayName, "file not found"));
    } catch (IOException e) {
      throw new InvalidInputException(
          InputProblem.at(displayName, "cannot read file: " + e.getClass().getSimpleName()));
    }
    if (attributes.isDirectory()) {
      throw new InvalidInputException(InputProblem.at(displayName, "is a folder; expected a file"));
    }
    if (!attributes.isRegularFile()) {
      throw new InvalidInputException(
          InputProblem.at(
              displayName,
              "not a regular file (a device, a FIFO or a socket); psa-policy reads only regular"
                  + " files"));
    }
    if (attributes.size() > InputLimits.MAX_FILE_BYTES) {
      throw new InvalidInputException(tooLarge(displayName));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // bounded even when the size was wrong (a file that grows, a file system that reports 0)
      bytes = in.readNBytes(InputLimits.MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(InputProblem.at(displayName, "file not found"));
    } catch (IOException e) {
      throw new InvalidInputException(
          InputProblem.at(displayName, "cannot read file: " + e.getClass().getSimpleName()));
    }
    if (bytes.length > InputLimits.MAX_FILE_BYTES) {
      throw new InvalidInputException(tooLarge(displayName));
    }
    return bytes;
  }

  private static InputProblem tooLarge(String file) {
    return InputProblem.at(
        file,
        "file is larger than "
            + InputLimits.mib(InputLimits.MAX_FILE_BYTES)
            + " ("
            + InputLimits.MAX_FILE_BYTES
            + " bytes), the most psa-policy reads");
  }

  /** The text of a file that was read (UTF-8, with or without a byte order mark). */
  public static String text(InputFile file) throws InvalidInputException {
    return Utf8.decode(file.sharedBytes(), file.location());
  }

  /** Reads a file; a missing or unreadable file, or bad syntax, is an input problem. */
  public static Node read(Path file, String displayName) throws InvalidInputException {
    String text = Utf8.decode(readBytes(file, displayName), displayName);
    return parse(text, displayName, isJson(file.getFileName().toString(), text));
  }

  /** Reads a classpath resource bundled in the jar (its build-time tree when there is one). */
  public static Node readResource(String resource, String displayName)
      throws InvalidInputException {
    byte[] bytes = Bundled.read(resource);
    if (bytes == null) {
      throw new InvalidInputException(InputProblem.at(displayName, "bundled resource missing"));
    }
    return parseBundled(bytes, Hashes.sha256(bytes), resource, displayName);
  }

  /**
   * A bundled file's tree: the one the build parsed ({@code resource + ".node"}, see {@link
   * NodeCodec}) when it was made from exactly these bytes, else parsed now. Either way the same
   * tree, positions included ({@code BundledNodesTest}).
   *
   * @param file the bundled file with its bytes
   * @param resource its resource path in the jar
   * @param displayName how messages name it
   */
  public static Node parseBundled(InputFile file, String resource, String displayName)
      throws InvalidInputException {
    return parseBundled(file.sharedBytes(), file.sha256(), resource, displayName);
  }

  private static Node parseBundled(byte[] bytes, String sha256, String resource, String displayName)
      throws InvalidInputException {
    byte[] parsed = Bundled.read(resource + PARSED_SUFFIX);
    Node root = parsed == null ? null : NodeCodec.decode(parsed, sha256);
    if (root != null) {
      return root;
    }
    String text = Utf8.decode(bytes, displayName);
    return parse(text, displayName, isJson(resource, text));
  }

  /**
   * Parses text as JSON or YAML under {@link InputLimits}. YAML is read as plain data: an anchor,
   * an alias or a tag is an input error at its place (an alias would otherwise read as its anchor's
   * name, and a tag has no meaning to psa-policy).
   */
  public static Node parse(String text, String displayName, boolean json)
      throws InvalidInputException {
    return parse(
        () -> (json ? JSON : Yaml.FACTORY).createParser(new StringReader(text)), displayName);
  }

  /**
   * Parses a file as {@link #parse(String, String, boolean)} parses its text. A JSON file of
   * printable ASCII and whitespace alone (what {@code fetch} and the PSAs write) is read from its
   * bytes as they are, without decoding a copy: there a byte is a character, so every line and
   * column is the same. Anything else (a byte order mark, a non-ASCII name, a NUL) is decoded
   * first, with {@link Utf8}'s checks.
   */
  public static Node parse(InputFile file, boolean json) throws InvalidInputException {
    byte[] bytes = file.sharedBytes();
    if (json && plainAscii(bytes)) {
      return parse(() -> JSON.createParser(bytes), file.location());
    }
    return parse(text(file), file.location(), json);
  }

  private static boolean plainAscii(byte[] b) {
    for (byte x : b) {
      if (x <= 0) { // NUL (a UTF-16 sign, for Utf8 to name) or a byte of a multi-byte sequence
        return false;
      }
    }
    return true;
  }

  /** A parser over the input, opened where its failures are reported. */
  @FunctionalInterface
  private interface ParserSource {
    JsonParser open() throws IOException;
  }

  private static Node parse(ParserSource source, String displayName) throws InvalidInputException {
    Problems problems = new Problems();
    JsonParser parser = null;
    try {
      parser = source.open();
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InvalidInputException(new InputProblem(displayName, 1, 1, "file is empty"));
      }
      Node root = readValue(parser, displayName, problems, 1, new HashMap<>());
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        problems.add(
            new InputProblem(
                displayName,
                at.getLineNr(),
                at.getColumnNr(),
                "unexpected content after the document"));
      }
      problems.throwIfAny();
      return root;
    } catch (PlainYaml.NotPlain e) {
      JsonLocation at = e.getLocation();
      throw new InvalidInputException(
          new InputProblem(displayName, at.getLineNr(), at.getColumnNr(), e.getOriginalMessage()));
    } catch (StreamConstraintsException e) {
      throw new InvalidInputException(limitProblem(displayName, e, parser));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(syntaxProblem(displayName, e));
    } catch (IOException e) {
      throw new InvalidInputException(
          InputProblem.at(displayName, "cannot read: " + e.getMessage()));
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException e) {
          // a parser over a string or an array has nothing to release
        }
      }
    }
  }

  private static final int MAX_SHARED_CHARS = 64;
  private static final int MAX_SHARED = 65_536;

  /**
   * Reads the value at the parser's current token. {@code shared} holds one copy of each short
   * scalar seen in this file (levels, module and function names repeat millions of times in a large
   * snapshot).
   */
  private static Node readValue(
      JsonParser p, String file, Problems problems, int depth, Map<String, String> shared)
      throws IOException, InvalidInputException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int col = at.getColumnNr();
    JsonToken t = p.currentToken();
    if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)
        && depth > InputLimits.MAX_NESTING_DEPTH) {
      throw new InvalidInputException(
          new InputProblem(
              file,
              line,
              col,
              "nested deeper than "
                  + InputLimits.MAX_NESTING_DEPTH
                  + " levels of maps and lists, the most psa-policy reads"));
    }
    switch (t) {
      case START_OBJECT -> {
        Node.MapBuilder fields = new Node.MapBuilder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          int keyLine = kl.getLineNr();
          int keyColumn = kl.getColumnNr();
          checkLength(name, file, keyLine, keyColumn);
          p.nextToken();
          Node value = readValue(p, file, problems, depth + 1, shared);
          if (fields.contains(name)) {
            problems.add(
                new InputProblem(file, keyLine, keyColumn, "duplicate key '" + name + "'"));
          }
          fields.put(name, keyLine, keyColumn, value);
        }
        return Node.map(line, col, fields);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, file, problems, depth + 1, shared));
        }
        return Node.list(line, col, items);
      }
      case VALUE_NULL -> {
        return Node.nullNode(line, col);
      }
      case VALUE_STRING -> {
        return Node.scalar(
            line, col, shared(checkLength(p.getText(), file, line, col), shared), true);
      }
      default -> {
        return Node.scalar(
            line, col, shared(checkLength(p.getText(), file, line, col), shared), false);
      }
    }
  }

  private static String shared(String text, Map<String, String> shared) {
    if (text == null || text.length() > MAX_SHARED_CHARS) {
      return text;
    }
    String known = shared.get(text);
    if (known != null) {
      return known;
    }
    if (shared.size() < MAX_SHARED) {
      shared.put(text, text);
    }
    return text;
  }

  private static String checkLength(String s, String file, int line, int col)
      throws InvalidInputException {
    if (s != null && s.length() > InputLimits.MAX_STRING_CHARS) {
      throw new InvalidInputException(
          new InputProblem(
              file,
              line,
              col,
              "a key or value longer than "
                  + InputLimits.MAX_STRING_CHARS
                  + " characters, the most psa-policy reads"));
    }
    return s;
  }

  /** A parser's limit was hit: say which, where the parser stood. */
  private static InputProblem limitProblem(
      String file, StreamConstraintsException e, JsonParser parser) {
    String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String message;
    if (raw.startsWith("Document length")) {
      return tooLarge(file);
    } else if (raw.startsWith("Document nesting depth")) {
      message =
          "nested deeper than "
              + InputLimits.MAX_NESTING_DEPTH
              + " levels of maps and lists, the most psa-policy reads";
    } else if (raw.contains("length")) {
      message =
          "a key or value longer than "
              + InputLimits.MAX_STRING_CHARS
              + " characters, the most psa-policy reads";
    } else {
      message = "over a limit: " + raw.lines().findFirst().orElse("");
    }
    JsonLocation at = e.getLocation() != null ? e.getLocation() : location(parser);
    return at == null || at.getLineNr() <= 0
        ? InputProblem.at(file, message)
        : new InputProblem(file, at.getLineNr(), Math.max(0, at.getColumnNr()), message);
  }

  private static JsonLocation location(JsonParser parser) {
    return parser == null ? null : parser.currentLocation();
  }

  private static boolean isJson(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return true;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return false;
    }
    String s = text.stripLeading();
    return s.startsWith("{") || s.startsWith("[");
  }

  private static final Pattern YAML_MARK =
      Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):");

  /**
   * Turns a parser error into one line with the best position. SnakeYAML's messages are multi-line
   * (context, excerpt, caret, problem); the problem mark is the last position given.
   */
  static InputProblem syntaxProblem(String file, JsonProcessingException e) {
    String raw = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
    List<String> words = new ArrayList<>();
    int line = 0;
    int col = 0;
    for (String l : raw.split("\\R")) {
      Matcher m = YAML_MARK.matcher(l);
      if (m.find()) {
        line = Integer.parseInt(m.group(1));
        col = Integer.parseInt(m.group(2));
      } else if (!l.isBlank() && !l.startsWith(" ")) {
        words.add(l.strip());
      }
    }
    if (line == 0 && e.getLocation() != null) {
      line = e.getLocation().getLineNr();
      col = e.getLocation().getColumnNr();
    }
    String message = words.isEmpty() ? "syntax error" : String.join(": ", words);
    return line <= 0 ? InputProblem.at(file, message) : new InputProblem(file, line, col, message);
  }
}

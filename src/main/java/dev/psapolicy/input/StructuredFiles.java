package dev.psapolicy.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML and JSON files into {@link Node} trees with positions. JSON is chosen by a {@code
 * .json} name or a first non-blank character of '{' or '['; anything else is read as YAML.
 */
public final class StructuredFiles {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private StructuredFiles() {}

  /**
   * Reads a user's file; a missing or unreadable file is an input problem naming the file as the
   * user wrote it. The one place every loader reads its file.
   */
  public static byte[] readBytes(Path file, String displayName) throws InvalidInputException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(InputProblem.at(displayName, "file not found"));
    } catch (IOException e) {
      throw new InvalidInputException(
          InputProblem.at(displayName, "cannot read file: " + e.getClass().getSimpleName()));
    }
  }

  /** Reads a file; a missing or unreadable file, or bad syntax, is an input problem. */
  public static Node read(Path file, String displayName) throws InvalidInputException {
    String text = new String(readBytes(file, displayName), StandardCharsets.UTF_8);
    return parse(text, displayName, isJson(file.getFileName().toString(), text));
  }

  /** Reads a classpath resource bundled in the jar. */
  public static Node readResource(String resource, String displayName)
      throws InvalidInputException {
    try (InputStream in = StructuredFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidInputException(InputProblem.at(displayName, "bundled resource missing"));
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(text, displayName, isJson(resource, text));
    } catch (IOException e) {
      throw new InvalidInputException(InputProblem.at(displayName, "cannot read resource"));
    }
  }

  /** Parses text as JSON or YAML. */
  public static Node parse(String text, String displayName, boolean json)
      throws InvalidInputException {
    Problems problems = new Problems();
    try (Reader reader = new StringReader(text);
        JsonParser parser = (json ? JSON : YAML).createParser(reader)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InvalidInputException(new InputProblem(displayName, 1, 1, "file is empty"));
      }
      Node root = readValue(parser, displayName, problems);
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
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(syntaxProblem(displayName, e));
    } catch (IOException e) {
      throw new InvalidInputException(
          InputProblem.at(displayName, "cannot read: " + e.getMessage()));
    }
  }

  private static Node readValue(JsonParser p, String file, Problems problems) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int col = at.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        LinkedHashMap<String, Node> fields = new LinkedHashMap<>();
        LinkedHashMap<String, Node> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          Node keyNode = Node.scalar(kl.getLineNr(), kl.getColumnNr(), name, true);
          p.nextToken();
          Node value = readValue(p, file, problems);
          if (fields.containsKey(name)) {
            problems.add(file, keyNode, "duplicate key '" + name + "'");
          }
          fields.put(name, value);
          keys.put(name, keyNode);
        }
        return Node.map(line, col, fields, keys);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, file, problems));
        }
        return Node.list(line, col, items);
      }
      case VALUE_NULL -> {
        return Node.nullNode(line, col);
      }
      case VALUE_STRING -> {
        return Node.scalar(line, col, p.getText(), true);
      }
      default -> {
        return Node.scalar(line, col, p.getText(), false);
      }
    }
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

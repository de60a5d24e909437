package dev.psapolicy.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * YAML as plain data: a parser that refuses anchors, aliases and tags where SnakeYAML reports them
 * (Jackson would read an alias {@code *n} as the string "n", drop a scalar's anchor and pass a tag
 * through). It looks at every SnakeYAML event, so nothing in the document escapes it.
 */
final class PlainYaml {
  private PlainYaml() {}

  /** Thrown at the first anchor, alias or tag; its location is the node's. */
  static final class NotPlain extends JsonParseException {
    private static final long serialVersionUID = 1L;

    NotPlain(YAMLParser p, String what, JsonLocation at) {
      super(
          p,
          "YAML "
              + what
              + " is not supported: psa-policy reads plain YAML (no anchors, aliases or tags);"
              + " write the value out",
          at);
    }
  }

  /** A YAML factory whose parsers read plain YAML, under {@link InputLimits}. */
  static final class Factory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    Factory() {
      super(
          new YAMLFactoryBuilder(new YAMLFactory())
              .loaderOptions(InputLimits.loaderOptions())
              .streamReadConstraints(InputLimits.constraints()));
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
      return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, r);
    }
  }

  private static final class Parser extends YAMLParser {
    Parser(IOContext ctxt, int features, int yamlFeatures, LoaderOptions o, Reader r) {
      super(ctxt, features, yamlFeatures, o, null, r);
    }

    @Override
    protected Event getEvent() throws IOException {
      Event e = super.getEvent();
      if (e instanceof AliasEvent a) {
        throw new NotPlain(this, "alias '*" + a.getAnchor() + "'", at(e.getStartMark()));
      }
      if (e instanceof NodeEvent n && n.getAnchor() != null) {
        throw new NotPlain(this, "anchor '&" + n.getAnchor() + "'", at(e.getStartMark()));
      }
      String tag =
          e instanceof ScalarEvent s
              ? s.getTag()
              : e instanceof CollectionStartEvent c ? c.getTag() : null;
      if (tag != null) {
        throw new NotPlain(this, "tag '" + shortTag(tag) + "'", at(e.getStartMark()));
      }
      return e;
    }

    private JsonLocation at(Mark m) {
      return m == null
          ? JsonLocation.NA
          : new JsonLocation(
              ContentReference.unknown(), m.getIndex(), m.getLine() + 1, m.getColumn() + 1);
    }
  }

  private static String shortTag(String tag) {
    String core = "tag:yaml.org,2002:";
    return tag.startsWith(core) ? "!!" + tag.substring(core.length()) : tag;
  }
}

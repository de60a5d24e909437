package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.cli.Command;
import dev.psapolicy.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;

/**
 * The docs hold together: every relative link and {@code #anchor} in README.md and docs/**.md
 * resolves (anchors as GitHub makes them from headings), and every psa-policy option a page names
 * in running text exists (for the command it names, when it names one).
 */
class DocLinksTest {
  private static final Pattern LINK =
      Pattern.compile("\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*)");

  /**
   * Flags of other tools the docs name in running text ({@code mvn}, {@code docker}, {@code
   * build-image.sh}, {@code sha256sum}).
   */
  private static final Set<String> OTHER_TOOLS =
      Set.of("read-only", "user", "tag", "no-package", "quiet", "help", "version");

  static List<Path> pages() throws IOException {
    List<Path> out = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> s = Files.walk(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  /** The page's text outside fenced code blocks, one entry per line (blank inside blocks). */
  static List<String> prose(Path page) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String l : Walkthrough.lines(page)) {
      if (l.strip().startsWith("```")) {
        fenced = !fenced;
        out.add("");
      } else {
        out.add(fenced ? "" : l);
      }
    }
    return out;
  }

  /** A paragraph of prose: consecutive non-blank lines joined, with the line it starts on. */
  record Paragraph(int line, String text) {}

  /** The page's paragraphs outside fenced code blocks (a link or code span may wrap a line). */
  static List<Paragraph> paragraphs(Path page) {
    List<Paragraph> out = new ArrayList<>();
    List<String> lines = prose(page);
    StringBuilder sb = new StringBuilder();
    int start = 0;
    for (int i = 0; i <= lines.size(); i++) {
      String l = i < lines.size() ? lines.get(i) : "";
      if (l.isBlank() || l.startsWith("|") || l.startsWith("#")) {
        if (sb.length() > 0) {
          out.add(new Paragraph(start + 1, sb.toString()));
          sb.setLength(0);
        }
        if (!l.isBlank()) {
          out.add(new Paragraph(i + 1, l));
        }
      } else {
        if (sb.length() == 0) {
          start = i;
        } else {
          sb.append(' ');
        }
        sb.append(l.strip());
      }
    }
    return out;
  }

  /** The anchors GitHub gives the page's headings. */
  static Set<String> anchors(Path page) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String l : prose(page)) {
      Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*$").matcher(l);
      if (!m.matches()) {
        continue;
      }
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages()) {
      for (Paragraph par : paragraphs(page)) {
        Matcher m = LINK.matcher(par.text());
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-z]+:.*")) {
            continue;
          }
          links++;
          String where = page + ":" + par.line() + ": (" + target + ")";
          int hash = target.indexOf('#');
          String file = hash < 0 ? target : target.substring(0, hash);
          Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file);
          if (!Files.exists(resolved)) {
            broken.add(where + " no such file");
            continue;
          }
          if (hash >= 0) {
            String anchor = target.substring(hash + 1);
            if (!resolved.toString().endsWith(".md") || !anchors(resolved).contains(anchor)) {
              broken.add(where + " no heading makes #" + anchor);
            }
          }
        }
      }
    }
    assertTrue(links > 50, "the link check found only " + links + " links");
    assertEquals(List.of(), broken, "broken links");
  }

  @Test
  void everyOptionThePagesNameExists() throws IOException {
    Map<String, Set<String>> byCommand = new HashMap<>();
    Set<String> any = new LinkedHashSet<>();
    for (Command c : new Main().commands()) {
      Set<String> names = new LinkedHashSet<>();
      for (Option o : c.options().getOptions()) {
        if (o.getLongOpt() != null) {
          names.add(o.getLongOpt());
        }
      }
      byCommand.put(c.name(), names);
      any.addAll(names);
    }
    List<String> unknown = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      for (Paragraph par : paragraphs(page)) {
        Matcher span = CODE_SPAN.matcher(par.text());
        while (span.find()) {
          String code = span.group(1).strip();
          String[] words = code.replaceFirst("^psa-policy ", "").split("\\s+");
          Set<String> allowed = byCommand.getOrDefault(words[0], null);
          if (allowed == null && !code.startsWith("--")) {
            continue;
          }
          Matcher o = OPTION.matcher(code);
          while (o.find()) {
            String name = o.group(1);
            checked++;
            boolean ok =
                allowed != null
                    ? allowed.contains(name)
                    : any.contains(name) || OTHER_TOOLS.contains(name);
            if (!ok) {
              unknown.add(
                  page
                      + ":"
                      + par.line()
                      + ": `"
                      + code
                      + "` names --"
                      + name
                      + ", which "
                      + (allowed != null ? words[0] + " lacks" : "no command has"));
            }
          }
        }
      }
    }
    assertTrue(checked > 50, "the option check found only " + checked + " options");
    assertEquals(List.of(), unknown, "options the pages name but the commands lack");
  }
}

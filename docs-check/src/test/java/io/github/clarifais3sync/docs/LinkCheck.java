package io.github.clarifais3sync.docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every relative link and {@code #anchor} of the docs resolves: the file exists, and the heading too. */
final class LinkCheck {

    private LinkCheck() {}

    static List<String> problems(List<MarkdownDoc> docs) throws IOException {
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc doc : docs) {
            for (MarkdownDoc.Link link : doc.links()) {
                String target = link.target();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: and other absolute URLs
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty()
                        ? doc.path()
                        : doc.path()
                                .toAbsolutePath()
                                .getParent()
                                .resolve(URLDecoder.decode(file, StandardCharsets.UTF_8))
                                .normalize();
                String where = doc.path().getFileName() + ":" + link.line() + ": link " + target;
                if (!Files.exists(resolved)) {
                    problems.add(where + ": no file " + resolved.getFileName());
                    continue;
                }
                if (anchor != null && resolved.toString().endsWith(".md")) {
                    MarkdownDoc targetDoc = resolved.equals(doc.path()) ? doc : MarkdownDoc.read(resolved);
                    String decoded = URLDecoder.decode(anchor, StandardCharsets.UTF_8);
                    if (!targetDoc.anchors().contains(decoded)) {
                        problems.add(where + ": no heading with anchor #" + decoded + " in " + resolved.getFileName());
                    }
                }
            }
        }
        return problems;
    }
}

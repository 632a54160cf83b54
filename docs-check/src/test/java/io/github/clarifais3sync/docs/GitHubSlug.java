package io.github.clarifais3sync.docs;

import java.util.Locale;

/**
 * The anchor GitHub gives a Markdown heading, as its github-slugger does
 * (https://github.com/Flet/github-slugger): the heading's text without Markdown, lower-cased, every character that is
 * not a letter, digit, mark, connector (underscore), hyphen or space removed, then each space replaced by a hyphen.
 */
final class GitHubSlug {

    private GitHubSlug() {}

    static String of(String heading) {
        String text = heading.replaceAll("!\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // images: their alt text
                .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // links: their text
                .replaceAll("<[^>]+>", "") // inline HTML
                .replace("`", "")
                .replaceAll("(\\*\\*|__|\\*)", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }
}

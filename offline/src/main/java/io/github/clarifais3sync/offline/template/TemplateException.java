package io.github.clarifais3sync.offline.template;

/** The template cannot be read, or says something the offline stack cannot reproduce. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}

package io.github.clarifais3sync.offline.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The parameters a template declares, by name, before any is resolved. */
public final class TemplateParameters {

    private TemplateParameters() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> declared(Path template) throws IOException {
        Object parameters = CloudFormationYaml.load(template).get("Parameters");
        return parameters instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}

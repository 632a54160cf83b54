package io.github.clarifais3sync.docs;

import io.github.clarifais3sync.offline.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the docs check reads of template.yaml: parameters with their defaults, and resources. */
record Template(Map<String, Object> document) {

    static Template load(Path path) throws IOException {
        return new Template(CloudFormationYaml.load(path));
    }

    /** Parameter name to its default as text ({@code ""} when it has none or an empty one), in template order. */
    Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        section("Parameters").forEach((name, definition) -> {
            Object value = definition instanceof Map<?, ?> map ? map.get("Default") : null;
            defaults.put(name, value == null ? "" : String.valueOf(value));
        });
        return defaults;
    }

    /** Logical id to resource definition, in template order. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        section("Resources").forEach((id, definition) -> resources.put(id, (Map<String, Object>) definition));
        return resources;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> globalFunction() {
        Map<String, Object> globals = section("Globals");
        Object function = globals.get("Function");
        return function instanceof Map<?, ?> ? (Map<String, Object>) function : Map.of();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        Object section = document.get(name);
        return section instanceof Map<?, ?> ? (Map<String, Object>) section : Map.of();
    }
}

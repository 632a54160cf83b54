package io.github.clarifais3sync.local.inputsapi.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a gRPC request message into the REST request its method's {@code google.api.http} rule describes
 * (https://cloud.google.com/endpoints/docs/grpc-service-config/reference/rpc/google.api#httprule): path variables
 * from fields, the {@code body} field (or {@code *}: every field not in the path) as proto3 JSON, and every other
 * field as query parameters (nested fields dotted, repeated fields repeated). The first binding whose path variables
 * are all set wins, so a call without {@code user_app_id} takes the short {@code /v2/inputs} form, as the REST
 * gateway does for an app key.
 */
final class HttpTranscoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}=]+)(=[^}]*)?}");
    private static final String CONCEPT = "clarifai.api.Concept";

    private final JsonFormat.Printer printer =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    /** A REST request: method, path with query, and the JSON body (empty for none). */
    record RestRequest(String method, String pathAndQuery, byte[] body) {}

    /** No binding of the rule can be filled from the request: a path field is empty. */
    static final class MissingPathField extends Exception {
        MissingPathField(String field) {
            super("field " + field + " must be set");
        }
    }

    private record Binding(String method, String path, String body) {}

    RestRequest toRest(HttpRule rule, Message request) throws MissingPathField {
        ObjectNode fields = json(request);
        List<Binding> bindings = new ArrayList<>();
        bindings.add(binding(rule));
        rule.getAdditionalBindingsList().forEach(additional -> bindings.add(binding(additional)));
        String missing = null;
        for (Binding binding : bindings) {
            List<String> variables = variables(binding.path());
            String unset = variables.stream()
                    .filter(variable -> text(fields, variable).isEmpty())
                    .findFirst()
                    .orElse(null);
            if (unset == null) {
                return fill(binding, variables, fields);
            }
            if (missing == null) {
                missing = unset;
            }
        }
        throw new MissingPathField(missing);
    }

    private RestRequest fill(Binding binding, List<String> variables, ObjectNode fields) {
        StringBuilder path = new StringBuilder();
        Matcher matcher = VARIABLE.matcher(binding.path());
        while (matcher.find()) {
            matcher.appendReplacement(
                    path,
                    Matcher.quoteReplacement(URLEncoder.encode(text(fields, matcher.group(1)), StandardCharsets.UTF_8)
                            .replace("+", "%20")));
        }
        matcher.appendTail(path);
        variables.forEach(variable -> remove(fields, variable));
        JsonNode body = null;
        ObjectNode query = fields;
        if (binding.body().equals("*")) {
            body = fields;
            query = MAPPER.createObjectNode();
        } else if (!binding.body().isEmpty()) {
            body = fields.remove(binding.body());
        }
        List<String> parameters = new ArrayList<>();
        flatten("", query, parameters);
        if (!parameters.isEmpty()) {
            path.append('?').append(String.join("&", parameters));
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
        return new RestRequest(binding.method(), path.toString(), bytes);
    }

    /**
     * The message as proto3 JSON with proto field names. A concept's {@code value} has no presence in proto3, so a 0
     * sent over gRPC arrives as "not set", where the JSON channel reads a missing value as 1: every concept gets its
     * value written out, so "not water" ({@code value: 0}) stays 0.
     */
    ObjectNode json(Message message) {
        try {
            ObjectNode json = (ObjectNode) MAPPER.readTree(printer.print(message));
            writeConceptValues(message, json);
            return json;
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    private static void writeConceptValues(Message message, JsonNode json) {
        if (!(json instanceof ObjectNode object)) {
            return;
        }
        if (message.getDescriptorForType().getFullName().equals(CONCEPT) && !object.has("value")) {
            object.put("value", 0.0);
        }
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
                continue;
            }
            JsonNode child = object.get(field.getName());
            if (field.isRepeated()) {
                List<?> items = (List<?>) entry.getValue();
                if (child instanceof ArrayNode array && array.size() == items.size()) {
                    for (int i = 0; i < items.size(); i++) {
                        writeConceptValues((Message) items.get(i), array.get(i));
                    }
                }
            } else {
                writeConceptValues((Message) entry.getValue(), child);
            }
        }
    }

    private static Binding binding(HttpRule rule) {
        return switch (rule.getPatternCase()) {
            case GET -> new Binding("GET", rule.getGet(), rule.getBody());
            case POST -> new Binding("POST", rule.getPost(), rule.getBody());
            case PATCH -> new Binding("PATCH", rule.getPatch(), rule.getBody());
            case PUT -> new Binding("PUT", rule.getPut(), rule.getBody());
            case DELETE -> new Binding("DELETE", rule.getDelete(), rule.getBody());
            case CUSTOM ->
                new Binding(rule.getCustom().getKind(), rule.getCustom().getPath(), rule.getBody());
            case PATTERN_NOT_SET -> throw new IllegalArgumentException("http rule without a pattern");
        };
    }

    private static List<String> variables(String template) {
        List<String> variables = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(template);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    /** The scalar at a dotted field path, or "" when it is not set. */
    private static String text(ObjectNode fields, String dottedPath) {
        JsonNode node = fields;
        for (String name : dottedPath.split("\\.")) {
            node = node == null ? null : node.get(name);
        }
        return node == null || node.isContainerNode() || node.isNull() ? "" : node.asText();
    }

    /** Removes the field at a dotted path, and the objects it leaves empty. */
    private static void remove(ObjectNode fields, String dottedPath) {
        int dot = dottedPath.indexOf('.');
        if (dot < 0) {
            fields.remove(dottedPath);
            return;
        }
        String head = dottedPath.substring(0, dot);
        if (fields.get(head) instanceof ObjectNode child) {
            remove(child, dottedPath.substring(dot + 1));
            if (child.isEmpty()) {
                fields.remove(head);
            }
        }
    }

    private static void flatten(String prefix, JsonNode node, List<String> parameters) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(field -> flatten(
                            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                            field.getValue(),
                            parameters));
        } else if (node.isArray()) {
            node.forEach(item -> flatten(prefix, item, parameters));
        } else if (!node.isNull()) {
            parameters.add(URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(node.asText(), StandardCharsets.UTF_8));
        }
    }
}

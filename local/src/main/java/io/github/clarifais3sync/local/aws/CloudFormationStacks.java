package io.github.clarifais3sync.local.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal CloudFormation for the stacks this machine runs: {@code DescribeStacks} only, with each stack's
 * parameters and outputs, in the AWS query protocol the SDKs speak to CloudFormation
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html). Enough for a tool that
 * finds a stack's resources by its name; every other action is refused.
 */
public final class CloudFormationStacks implements AwsGateway.LocalService {

    private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    /** One running stack, as DescribeStacks reports it. */
    public record Stack(
            String name,
            String stackId,
            Map<String, String> parameters,
            Map<String, String> outputs,
            Instant createdAt) {
        public Stack {
            parameters = Map.copyOf(parameters);
            outputs = Map.copyOf(outputs);
        }

        public static Stack of(
                String name,
                String region,
                String accountId,
                Map<String, String> parameters,
                Map<String, String> outputs) {
            return new Stack(
                    name,
                    "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + name + "/"
                            + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)),
                    parameters,
                    outputs,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    private final Map<String, Stack> stacks = new ConcurrentHashMap<>();

    public void put(Stack stack) {
        stacks.put(stack.name(), stack);
    }

    @Override
    public AwsGateway.LocalResponse handle(String method, String rawQuery, byte[] body) {
        Map<String, String> form = form(rawQuery);
        form.putAll(form(new String(body, StandardCharsets.UTF_8)));
        String action = form.getOrDefault("Action", "");
        if (!"DescribeStacks".equals(action)) {
            return error(
                    400,
                    "InvalidAction",
                    "The offline stack's CloudFormation answers DescribeStacks only, not '" + action + "'");
        }
        String name = form.get("StackName");
        List<Stack> found = name == null
                ? List.copyOf(stacks.values())
                : stacks.values().stream()
                        .filter(s -> s.name().equals(name) || s.stackId().equals(name))
                        .toList();
        if (found.isEmpty() && name != null) {
            // What CloudFormation answers for an unknown stack name.
            return error(400, "ValidationError", "Stack with id " + name + " does not exist");
        }
        StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"")
                .append(NAMESPACE)
                .append("\"><DescribeStacksResult><Stacks>");
        for (Stack stack : found) {
            xml.append("<member>");
            element(xml, "StackName", stack.name());
            element(xml, "StackId", stack.stackId());
            element(xml, "CreationTime", stack.createdAt().toString());
            element(xml, "StackStatus", "CREATE_COMPLETE");
            xml.append("<Parameters>");
            new java.util.TreeMap<>(stack.parameters()).forEach((key, value) -> {
                xml.append("<member>");
                element(xml, "ParameterKey", key);
                element(xml, "ParameterValue", value);
                xml.append("</member>");
            });
            xml.append("</Parameters><Outputs>");
            new java.util.TreeMap<>(stack.outputs()).forEach((key, value) -> {
                xml.append("<member>");
                element(xml, "OutputKey", key);
                element(xml, "OutputValue", value);
                xml.append("</member>");
            });
            xml.append("</Outputs></member>");
        }
        xml.append("</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>")
                .append(UUID.randomUUID())
                .append("</RequestId></ResponseMetadata></DescribeStacksResponse>");
        return new AwsGateway.LocalResponse(200, "text/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The query protocol's error document. */
    private static AwsGateway.LocalResponse error(int status, String code, String message) {
        StringBuilder xml =
                new StringBuilder("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\"><Error>");
        element(xml, "Type", "Sender");
        element(xml, "Code", code);
        element(xml, "Message", message);
        xml.append("</Error><RequestId>").append(UUID.randomUUID()).append("</RequestId></ErrorResponse>");
        return new AwsGateway.LocalResponse(status, "text/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            fields.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<')
                .append(name)
                .append('>')
                .append(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                .append("</")
                .append(name)
                .append('>');
    }
}

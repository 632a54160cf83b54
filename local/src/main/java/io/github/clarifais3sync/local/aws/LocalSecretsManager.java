package io.github.clarifais3sync.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal in-memory Secrets Manager: {@code CreateSecret}, {@code PutSecretValue}, {@code GetSecretValue} and
 * {@code DescribeSecret} over the AWS JSON 1.1 protocol ({@code X-Amz-Target: secretsmanager.<Operation>}). It exists
 * because no Java (or Docker-free) Secrets Manager emulator is available to this offline stack, and the functions only
 * read a secret by name. Versions follow the AWSCURRENT/AWSPREVIOUS staging labels of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html; rotation, deletion, resource
 * policies and KMS are not emulated.
 */
public final class LocalSecretsManager implements HttpHandler {
    private static final String CURRENT = "AWSCURRENT";
    private static final String PREVIOUS = "AWSPREVIOUS";
    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String ARN_SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String region;
    private final String accountId;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    public LocalSecretsManager(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    private static final class ServiceException extends Exception {
        final String type;

        ServiceException(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    private record Version(String id, String string, byte[] binary, Instant created, List<String> stages) {
    }

    private static final class Secret {
        final String name;
        final String arn;
        final String description;
        final Instant created;
        Instant lastChanged;
        final Map<String, Version> versions = new LinkedHashMap<>();

        Secret(String name, String arn, String description, Instant created) {
            this.name = name;
            this.arn = arn;
            this.description = description;
            this.created = created;
            this.lastChanged = created;
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        int status = 200;
        ObjectNode response;
        try {
            JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
            if (request == null || request.isMissingNode()) {
                request = json.createObjectNode();
            }
            String operation = target != null && target.startsWith(TARGET_PREFIX)
                    ? target.substring(TARGET_PREFIX.length()) : String.valueOf(target);
            response = switch (operation) {
                case "CreateSecret" -> createSecret(request);
                case "PutSecretValue" -> putSecretValue(request);
                case "GetSecretValue" -> getSecretValue(request);
                case "DescribeSecret" -> describeSecret(request);
                default -> throw new ServiceException("UnknownOperationException",
                        "Operation " + operation + " is not emulated locally");
            };
        } catch (ServiceException e) {
            status = 400;
            response = json.createObjectNode().put("__type", e.type).put("message", e.getMessage());
        } catch (IOException e) {
            status = 400;
            response = json.createObjectNode().put("__type", "SerializationException").put("message", e.getMessage());
        }
        byte[] body = json.writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private ObjectNode createSecret(JsonNode request) throws ServiceException {
        String name = required(request, "Name");
        Instant now = Instant.now();
        Secret secret = new Secret(name, arn(name), request.path("Description").asText(null), now);
        if (secrets.putIfAbsent(name, secret) != null) {
            throw new ServiceException("ResourceExistsException", "The secret " + name + " already exists.");
        }
        synchronized (secret) {
            Version version = addVersion(secret, request, now);
            ObjectNode response = identify(secret);
            if (version != null) {
                response.put("VersionId", version.id());
            }
            return response;
        }
    }

    private ObjectNode putSecretValue(JsonNode request) throws ServiceException {
        Secret secret = find(required(request, "SecretId"));
        synchronized (secret) {
            Version version = addVersion(secret, request, Instant.now());
            if (version == null) {
                throw new ServiceException("InvalidRequestException",
                        "You must provide either SecretString or SecretBinary.");
            }
            ObjectNode response = identify(secret).put("VersionId", version.id());
            response.putArray("VersionStages").add(CURRENT);
            return response;
        }
    }

    private ObjectNode getSecretValue(JsonNode request) throws ServiceException {
        Secret secret = find(required(request, "SecretId"));
        synchronized (secret) {
            String versionId = request.path("VersionId").asText(null);
            String stage = request.path("VersionStage").asText(versionId == null ? CURRENT : null);
            Version version = secret.versions.values().stream()
                    .filter(v -> versionId == null || v.id().equals(versionId))
                    .filter(v -> stage == null || v.stages().contains(stage))
                    .findFirst()
                    .orElseThrow(() -> new ServiceException("ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret value for staging label: "
                                    + (stage == null ? versionId : stage)));
            ObjectNode response = identify(secret).put("VersionId", version.id());
            if (version.string() != null) {
                response.put("SecretString", version.string());
            }
            if (version.binary() != null) {
                response.put("SecretBinary", Base64.getEncoder().encodeToString(version.binary()));
            }
            version.stages().forEach(response.putArray("VersionStages")::add);
            response.put("CreatedDate", epochSeconds(version.created()));
            return response;
        }
    }

    private ObjectNode describeSecret(JsonNode request) throws ServiceException {
        Secret secret = find(required(request, "SecretId"));
        synchronized (secret) {
            ObjectNode response = identify(secret);
            if (secret.description != null) {
                response.put("Description", secret.description);
            }
            response.put("CreatedDate", epochSeconds(secret.created));
            response.put("LastChangedDate", epochSeconds(secret.lastChanged));
            ObjectNode stages = response.putObject("VersionIdsToStages");
            secret.versions.values().forEach(v -> v.stages().forEach(stages.putArray(v.id())::add));
            return response;
        }
    }

    /** Adds a version labelled AWSCURRENT, moving AWSPREVIOUS to the version that was current; null if no value. */
    private Version addVersion(Secret secret, JsonNode request, Instant now) throws ServiceException {
        String string = request.path("SecretString").asText(null);
        String binary = request.path("SecretBinary").asText(null);
        if (string == null && binary == null) {
            return null;
        }
        String id = request.path("ClientRequestToken").asText(UUID.randomUUID().toString());
        Version existing = secret.versions.get(id);
        if (existing != null) {
            // Same token: an idempotent retry, as ClientRequestToken is meant for.
            return existing;
        }
        byte[] bytes;
        try {
            bytes = binary == null ? null : Base64.getDecoder().decode(binary);
        } catch (IllegalArgumentException e) {
            throw new ServiceException("InvalidParameterException", "SecretBinary is not valid base64");
        }
        List<Version> versions = new ArrayList<>(secret.versions.values());
        secret.versions.clear();
        for (Version v : versions) {
            List<String> stages = new ArrayList<>(v.stages());
            boolean wasCurrent = stages.remove(CURRENT);
            stages.remove(PREVIOUS);
            if (wasCurrent) {
                stages.add(PREVIOUS);
            }
            if (!stages.isEmpty()) {
                secret.versions.put(v.id(), new Version(v.id(), v.string(), v.binary(), v.created(), stages));
            }
        }
        Version version = new Version(id, string, bytes, now, List.of(CURRENT));
        secret.versions.put(id, version);
        secret.lastChanged = now;
        return version;
    }

    private Secret find(String secretId) throws ServiceException {
        Secret secret = secrets.get(secretId);
        if (secret == null) {
            secret = secrets.values().stream().filter(s -> s.arn.equals(secretId)).findFirst().orElse(null);
        }
        if (secret == null) {
            throw new ServiceException("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private ObjectNode identify(Secret secret) {
        return json.createObjectNode().put("ARN", secret.arn).put("Name", secret.name);
    }

    /**
     * Secret ARNs end in '-' and six random characters
     * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html).
     */
    private String arn(String name) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(ARN_SUFFIX_ALPHABET.charAt(random.nextInt(ARN_SUFFIX_ALPHABET.length())));
        }
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix;
    }

    private static String required(JsonNode request, String field) throws ServiceException {
        String value = request.path(field).asText(null);
        if (value == null || value.isEmpty()) {
            throw new ServiceException("InvalidParameterException", field + " is required");
        }
        return value;
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}

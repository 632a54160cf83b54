package io.github.clarifais3sync.local.aws;

import io.github.clarifais3sync.local.http.HttpFields;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A path-style S3 request as far as event notifications care: which object operation it is, if any, and which object
 * changes a successful response means. Operations and event names follow
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html;
 * PutObjectTagging and DeleteObjectTagging ({@code ?tagging}, optionally with {@code versionId}) notify
 * {@code ObjectTagging:Put} and {@code ObjectTagging:Delete}. A delete carrying the local-only header
 * {@value #LIFECYCLE_EXPIRATION_HEADER} stands for a lifecycle rule expiring the object, which S3 reports as
 * {@code LifecycleExpiration:Delete} or {@code LifecycleExpiration:DeleteMarkerCreated} instead of ObjectRemoved.
 */
record S3Request(
        Operation operation,
        String bucket,
        String key,
        String rawPath,
        Long contentLength,
        String versionIdParameter,
        boolean lifecycleExpiration) {

    /** Local-only: this DeleteObject or DeleteObjects is a lifecycle expiration (moto runs no lifecycle rules). */
    public static final String LIFECYCLE_EXPIRATION_HEADER = "x-local-lifecycle-expiration";

    enum Operation {
        PUT_OBJECT("ObjectCreated:Put"),
        COPY_OBJECT("ObjectCreated:Copy"),
        COMPLETE_MULTIPART_UPLOAD("ObjectCreated:CompleteMultipartUpload"),
        DELETE_OBJECT("ObjectRemoved:Delete"),
        DELETE_OBJECTS("ObjectRemoved:Delete"),
        PUT_OBJECT_TAGGING("ObjectTagging:Put"),
        DELETE_OBJECT_TAGGING("ObjectTagging:Delete"),
        OTHER("");

        final String eventName;

        Operation(String eventName) {
            this.eventName = eventName;
        }
    }

    /** One object changed by a request; size, eTag and versionId are null when the response did not tell. */
    record ObjectChange(
            String eventName, String bucket, String key, String rawPath, Long size, String eTag, String versionId) {
        boolean isCreate() {
            return eventName.startsWith("ObjectCreated:");
        }

        boolean isTagging() {
            return eventName.startsWith("ObjectTagging:");
        }
    }

    private static final String DELETE_MARKER_CREATED = "ObjectRemoved:DeleteMarkerCreated";

    static S3Request of(String method, String rawPath, String rawQuery, HttpFields headers) {
        boolean hasCopySource = headers.has("x-amz-copy-source");
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        int slash = path.indexOf('/', 1);
        String bucket = decodePath(slash < 0 ? path.substring(1) : path.substring(1, slash));
        String key = slash < 0 ? "" : decodePath(path.substring(slash + 1));
        Map<String, String> query = parameters(rawQuery);
        Operation operation = Operation.OTHER;
        if (!bucket.isEmpty() && !key.isEmpty()) {
            boolean plain = query.isEmpty();
            boolean tagging =
                    query.keySet().equals(Set.of("tagging")) || query.keySet().equals(Set.of("tagging", "versionId"));
            operation = switch (method) {
                case "PUT" ->
                    plain
                            ? (hasCopySource ? Operation.COPY_OBJECT : Operation.PUT_OBJECT)
                            : tagging ? Operation.PUT_OBJECT_TAGGING : Operation.OTHER;
                case "POST" ->
                    query.containsKey("uploadId") && query.size() == 1
                            ? Operation.COMPLETE_MULTIPART_UPLOAD
                            : Operation.OTHER;
                case "DELETE" ->
                    plain || query.keySet().equals(Set.of("versionId"))
                            ? Operation.DELETE_OBJECT
                            : tagging ? Operation.DELETE_OBJECT_TAGGING : Operation.OTHER;
                default -> Operation.OTHER;
            };
        } else if (!bucket.isEmpty() && "POST".equals(method) && query.keySet().equals(Set.of("delete"))) {
            operation = Operation.DELETE_OBJECTS;
        }
        return new S3Request(
                operation,
                bucket,
                key,
                path,
                contentLength(headers),
                query.containsKey("versionId") ? SigV4.percentDecode(query.get("versionId")) : null,
                headers.has(LIFECYCLE_EXPIRATION_HEADER));
    }

    boolean notifies() {
        return operation != Operation.OTHER;
    }

    boolean needsRequestBody() {
        return operation == Operation.DELETE_OBJECTS;
    }

    /** CopyObject and CompleteMultipartUpload can answer 200 with an error document. */
    boolean needsResponseBody() {
        return operation == Operation.COPY_OBJECT
                || operation == Operation.COMPLETE_MULTIPART_UPLOAD
                || operation == Operation.DELETE_OBJECTS;
    }

    List<ObjectChange> changes(int status, HttpFields response, byte[] requestBody, byte[] responseBody) {
        List<ObjectChange> changes = objectChanges(status, response, requestBody, responseBody);
        if (!lifecycleExpiration) {
            return changes;
        }
        return changes.stream()
                .map(change -> new ObjectChange(
                        change.eventName().replace("ObjectRemoved:", "LifecycleExpiration:"),
                        change.bucket(),
                        change.key(),
                        change.rawPath(),
                        change.size(),
                        change.eTag(),
                        change.versionId()))
                .toList();
    }

    private List<ObjectChange> objectChanges(int status, HttpFields response, byte[] requestBody, byte[] responseBody) {
        if (status / 100 != 2) {
            return List.of();
        }
        String versionId = versionId(response.first("x-amz-version-id").orElse(null));
        return switch (operation) {
            case PUT_OBJECT ->
                List.of(new ObjectChange(
                        operation.eventName,
                        bucket,
                        key,
                        rawPath,
                        contentLength,
                        response.first("ETag").map(S3Request::unquote).orElse(null),
                        versionId));
            case PUT_OBJECT_TAGGING, DELETE_OBJECT_TAGGING ->
                List.of(new ObjectChange(
                        operation.eventName,
                        bucket,
                        key,
                        rawPath,
                        null,
                        null,
                        versionId != null ? versionId : versionId(versionIdParameter)));
            case COPY_OBJECT, COMPLETE_MULTIPART_UPLOAD ->
                isErrorDocument(responseBody)
                        ? List.of()
                        : List.of(new ObjectChange(operation.eventName, bucket, key, rawPath, null, null, versionId));
            case DELETE_OBJECT ->
                List.of(new ObjectChange(
                        response.first("x-amz-delete-marker")
                                        .filter("true"::equals)
                                        .isPresent()
                                ? DELETE_MARKER_CREATED
                                : operation.eventName,
                        bucket,
                        key,
                        rawPath,
                        null,
                        null,
                        versionId));
            case DELETE_OBJECTS -> deletedObjects(requestBody, responseBody);
            case OTHER -> List.of();
        };
    }

    private List<ObjectChange> deletedObjects(byte[] requestBody, byte[] responseBody) {
        Document request = parse(requestBody);
        Document result = parse(responseBody);
        Set<String> failed = new HashSet<>();
        Map<String, Boolean> deleteMarkers = new LinkedHashMap<>();
        Map<String, String> versionIds = new LinkedHashMap<>();
        if (result != null) {
            for (Element error : children(result.getDocumentElement(), "Error")) {
                failed.add(text(error, "Key"));
            }
            for (Element deleted : children(result.getDocumentElement(), "Deleted")) {
                String key = text(deleted, "Key");
                deleteMarkers.put(key, "true".equals(text(deleted, "DeleteMarker")));
                String version = text(deleted, "DeleteMarkerVersionId");
                versionIds.put(key, versionId(version != null ? version : text(deleted, "VersionId")));
            }
        }
        List<ObjectChange> changes = new ArrayList<>();
        if (request == null) {
            return changes;
        }
        for (Element object : children(request.getDocumentElement(), "Object")) {
            String objectKey = text(object, "Key");
            if (objectKey == null || failed.contains(objectKey)) {
                continue;
            }
            String eventName = deleteMarkers.getOrDefault(objectKey, false)
                    ? DELETE_MARKER_CREATED
                    : Operation.DELETE_OBJECTS.eventName;
            changes.add(new ObjectChange(eventName, bucket, objectKey, null, null, null, versionIds.get(objectKey)));
        }
        return changes;
    }

    /**
     * A version id as notifications carry it: absent for objects of an unversioned bucket, whose version id S3 (and
     * moto, after a multipart upload) reports as the literal {@code null}.
     */
    static String versionId(String value) {
        return value == null || value.isEmpty() || "null".equals(value) ? null : value;
    }

    /** The object size a PutObject carries; aws-chunked bodies state it in x-amz-decoded-content-length. */
    private static Long contentLength(HttpFields headers) {
        String value = headers.first("x-amz-decoded-content-length").orElse(null);
        if (value == null && !headers.has("Transfer-Encoding")) {
            value = headers.first("Content-Length").orElse(null);
        }
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Percent-decodes one raw path; '+' is literal in a path. */
    static String decodePath(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The key as S3 writes it in event notifications: form-URL-encoded (space as '+', UTF-8 percent-encoded), with
     * '/' left as is (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
     */
    static String eventKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    static String unquote(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name =
                    URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals), StandardCharsets.UTF_8);
            // Presigned URLs carry the signature in X-Amz-* parameters, and the Go v2 / JS v3 SDKs name the operation
            // in x-id (e.g. ?x-id=PutObject); none of them selects a subresource.
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-amz-") && !lower.equals("x-id")) {
                parameters.put(name, equals < 0 ? "" : parameter.substring(equals + 1));
            }
        }
        return parameters;
    }

    private static boolean isErrorDocument(byte[] body) {
        Document document = parse(body);
        return document == null || "Error".equals(document.getDocumentElement().getLocalName());
    }

    private static Document parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            return null;
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && localName.equals(element.getLocalName())) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String text(Element parent, String localName) {
        List<Element> elements = children(parent, localName);
        return elements.isEmpty() ? null : elements.getFirst().getTextContent();
    }
}

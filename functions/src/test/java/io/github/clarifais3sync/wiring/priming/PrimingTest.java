package io.github.clarifais3sync.wiring.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.clarifais3sync.inputs.InputsPriming;
import io.github.clarifais3sync.wiring.AwsClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Each function's priming against a local HTTP endpoint standing in for every AWS service: what it asks, and how.
class PrimingTest {

    /** One request as the endpoint saw it: the operation ({@code X-Amz-Target}), its Connection field and body. */
    private record Seen(String operation, String connection, String body) {}

    private static final String QUERY = "DynamoDB_20120810.Query";
    private static final String UPDATE = "DynamoDB_20120810.UpdateItem";
    /** The Clarifai client's request: a placeholder where the key would be. */
    private static final String CLARIFAI = "GET /v2/users/me/apps/app/inputs Key " + InputsPriming.PLACEHOLDER_KEY;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int status = 400;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            seen.add(new Seen(
                    target != null
                            ? target
                            : exchange.getRequestMethod() + " "
                                    + exchange.getRequestURI().getPath() + " "
                                    + exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Connection"),
                    body));
            // The answers priming expects: the JSON services' error shape
            // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
            byte[] answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"not here\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> environment(String initializationType) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_REGION",
                "us-east-1",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "AWS_ACCESS_KEY_ID",
                "AKIDPRIMING",
                "AWS_SECRET_ACCESS_KEY",
                "priming-secret",
                "LEDGER_TABLE",
                "ledger",
                "QUEUE_URL",
                "http://127.0.0.1:1/000000000000/queue",
                "CLARIFAI_API_KEY_SECRET",
                "clarifai/api-key",
                "CLARIFAI_APP_ID",
                "app"));
        environment.put(
                "CLARIFAI_API_BASE_URL",
                "http://127.0.0.1:" + server.getAddress().getPort());
        environment.put(Priming.INITIALIZATION_TYPE, initializationType);
        return environment;
    }

    private List<String> prime(BiConsumer<AwsClients, Map<String, String>> primer, String initializationType) {
        Map<String, String> environment = environment(initializationType);
        try (AwsClients aws = new AwsClients(AwsClients.Overrides.fromEnvironment(environment))) {
            primer.accept(aws, environment);
        }
        return seen.stream().map(Seen::operation).toList();
    }

    @Test
    void eachFunction_whenInitializedForASnapshot_makesOneHarmlessCallPerClient() {
        assertEquals(
                List.of(QUERY, UPDATE, "AmazonSQS.SendMessageBatch"), prime(EnqueuePriming::ifSnapStart, "snap-start"));
        seen.clear();
        assertEquals(
                List.of(
                        QUERY,
                        UPDATE,
                        "AmazonSQS.ChangeMessageVisibilityBatch",
                        "secretsmanager.GetSecretValue",
                        CLARIFAI),
                prime(UploadPriming::ifSnapStart, "snap-start"));
        seen.clear();
        assertEquals(
                List.of(QUERY, UPDATE, "AmazonSQS.SendMessageBatch", "secretsmanager.GetSecretValue", CLARIFAI),
                prime(StatusPriming::ifSnapStart, "snap-start"));
        seen.clear();
        assertEquals(
                List.of(QUERY, UPDATE, "secretsmanager.GetSecretValue", CLARIFAI),
                prime(DeletePriming::ifSnapStart, "snap-start"));
        seen.clear();
        assertEquals(
                List.of(
                        QUERY,
                        UPDATE,
                        "AmazonSQS.ChangeMessageVisibilityBatch",
                        "secretsmanager.GetSecretValue",
                        CLARIFAI),
                prime(LabelsPriming::ifSnapStart, "snap-start"));
    }

    @Test
    void priming_leavesNoConnectionOpen_readsNothingThatExists_andNeverAsksForTheKey() {
        prime(UploadPriming::ifSnapStart, "snap-start");
        prime(StatusPriming::ifSnapStart, "snap-start");
        prime(EnqueuePriming::ifSnapStart, "snap-start");

        assertFalse(seen.isEmpty());
        for (Seen request : seen) {
            if (request.operation().equals(CLARIFAI)) {
                continue; // its own client, closed after the request (InputsPriming)
            }
            assertEquals("close", request.connection(), request.operation());
            switch (request.operation()) {
                case QUERY -> assertTrue(request.body().contains(Priming.NO_SUCH_KEY), request.body());
                case UPDATE ->
                    assertTrue(
                            request.body().contains(Priming.NO_SUCH_KEY)
                                    && request.body().contains("\"ConditionExpression\":\"attribute_exists(pk)\""),
                            "a key no item has, under a condition that cannot hold: " + request.body());
                case "AmazonSQS.SendMessageBatch", "AmazonSQS.ChangeMessageVisibilityBatch" ->
                    assertFalse(request.body().contains("Entries\":[{"), "an empty batch: " + request.body());
                case "secretsmanager.GetSecretValue" ->
                    assertTrue(
                            request.body().contains("\"VersionId\":\"" + Priming.NO_SUCH_SECRET_VERSION + "\""),
                            "a version no secret has, so never the key: " + request.body());
                default -> throw new AssertionError("unexpected call " + request);
            }
        }
    }

    @Test
    void priming_onAnOnDemandStart_doesNothing() {
        assertEquals(List.of(), prime(UploadPriming::ifSnapStart, "on-demand"));
        assertEquals(List.of(), prime(EnqueuePriming::ifSnapStart, null));
    }

    @Test
    void priming_whenTheServicesFail_neverFailsInit() {
        status = 500;
        prime(UploadPriming::ifSnapStart, "snap-start");
        server.stop(0);
        prime(DeletePriming::ifSnapStart, "snap-start");

        assertTrue(seen.stream().anyMatch(request -> QUERY.equals(request.operation())));
    }
}

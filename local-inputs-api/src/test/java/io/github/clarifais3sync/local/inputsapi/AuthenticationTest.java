package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Authorization: Key <secret>} and which paths each kind of credential opens (docs/clarifai-api-notes.md#paths,
 * docs/clarifai-api-notes.md#codes).
 */
class AuthenticationTest {
    private static LocalInputsApi api;

    @BeforeAll
    static void start() {
        api = LocalInputsApi.builder()
                .apiKey("app-key", "alice", "photos")
                .personalAccessToken("alice-pat", "alice")
                .apiKey("other-key", "bob", "photos")
                .rateLimit(0)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void missingHeaderIsKeyNotFound() {
        assertAnswer(ApiTestClient.withAuthorizationHeader(api.baseUrl(), null).get("/v2/inputs"), 401, 11009);
    }

    @Test
    void malformedHeadersAreInvalidRequest() {
        for (String header : new String[] {"key app-key", "Bearer app-key", "Key", "Key  app-key", "app-key"}) {
            ApiTestClient.Response response =
                    ApiTestClient.withAuthorizationHeader(api.baseUrl(), header).get("/v2/inputs");
            assertAnswer(response, 401, 11102);
            assertEquals("Empty or malformed authorization header", response.details());
        }
    }

    @Test
    void unknownKeyIsKeyInvalid() {
        assertAnswer(new ApiTestClient(api.baseUrl(), "nope").get("/v2/inputs"), 401, 11008);
    }

    @Test
    void appKeyOpensLegacyPathAndItsOwnAppOnly() {
        ApiTestClient client = new ApiTestClient(api.baseUrl(), "app-key");
        assertAnswer(client.get("/v2/inputs"), 200, 10000);
        assertAnswer(client.get("/v2/users/me/apps/photos/inputs"), 200, 10000);
        assertAnswer(client.get("/v2/users/alice/apps/photos/inputs/status"), 200, 10000);
        assertAnswer(client.get("/v2/users/alice/apps/other/inputs"), 401, 11008);
        assertAnswer(client.get("/v2/users/bob/apps/photos/inputs"), 401, 11008);
    }

    @Test
    void personalAccessTokenOpensAnyAppOfItsUserOnTheUserAppPath() {
        ApiTestClient client = new ApiTestClient(api.baseUrl(), "alice-pat");
        assertAnswer(client.post("/v2/users/me/apps/scratch/inputs", """
                {"inputs": [{"id": "x", "data": {"image": {"url": "https://samples.clarifai.com/a.jpg"}}}]}"""), 200, 10000);
        assertAnswer(client.get("/v2/users/alice/apps/scratch/inputs/x"), 200, 10000);
        assertAnswer(new ApiTestClient(api.baseUrl(), "app-key").get("/v2/inputs/x"), 404, 11101);
        assertAnswer(client.get("/v2/inputs"), 400, 11102);
        assertAnswer(client.get("/v2/users/bob/apps/photos/inputs"), 401, 11008);
    }

    @Test
    void appsOfDifferentUsersAreSeparate() {
        new ApiTestClient(api.baseUrl(), "other-key").addUrl("bobs", "https://samples.clarifai.com/b.jpg");
        assertAnswer(new ApiTestClient(api.baseUrl(), "app-key").get("/v2/inputs/bobs"), 404, 11101);
    }

    private static void assertAnswer(ApiTestClient.Response response, int httpStatus, int code) {
        assertEquals(httpStatus, response.httpStatus(), response.body()::toString);
        assertEquals(code, response.code(), response.body()::toString);
    }
}

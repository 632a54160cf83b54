package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clarifais3sync.local.aws.S3Request.Operation;
import io.github.clarifais3sync.local.http.HttpFields;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3RequestTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HappyFace.jpg                | HappyFace.jpg",
                "red flower.jpg               | red+flower.jpg",
                "my photo (1).jpg             | my+photo+%281%29.jpg",
                "a+b.txt                      | a%2Bb.txt",
                "dir/sub dir/é ü.png          | dir/sub+dir/%C3%A9+%C3%BC.png",
                "日本/写真.jpg                 | %E6%97%A5%E6%9C%AC/%E5%86%99%E7%9C%9F.jpg",
            })
    void eventKeysAreFormUrlEncodedWithSlashesKept(String key, String encoded) {
        assertEquals(encoded, S3Request.eventKey(key));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "PUT    | /b/k                 | -                                          | PUT_OBJECT",
                "PUT    | /b/k                 | X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x | PUT_OBJECT",
                "PUT    | /b/k                 | partNumber=1&uploadId=u                    | OTHER",
                "PUT    | /b/k                 | tagging                                    | PUT_OBJECT_TAGGING",
                "PUT    | /b/k                 | tagging&versionId=v1                       | PUT_OBJECT_TAGGING",
                "DELETE | /b/k                 | tagging                                    | DELETE_OBJECT_TAGGING",
                "GET    | /b/k                 | tagging                                    | OTHER",
                "PUT    | /b                   | tagging                                    | OTHER",
                "PUT    | /b                   | -                                          | OTHER",
                "POST   | /b/k                 | uploadId=u                                 | COMPLETE_MULTIPART_UPLOAD",
                "POST   | /b/k                 | uploads                                    | OTHER",
                "PUT    | /b/k                 | x-id=PutObject                             | PUT_OBJECT",
                "DELETE | /b/k                 | x-id=DeleteObject                          | DELETE_OBJECT",
                "POST   | /b                   | delete&x-id=DeleteObjects                  | DELETE_OBJECTS",
                "DELETE | /b/k                 | -                                          | DELETE_OBJECT",
                "DELETE | /b/k                 | versionId=v1                               | DELETE_OBJECT",
                "DELETE | /b/k                 | uploadId=u                                 | OTHER",
                "DELETE | /b                   | -                                          | OTHER",
                "POST   | /b                   | delete                                     | DELETE_OBJECTS",
                "GET    | /b/k                 | -                                          | OTHER",
            })
    void classifiesObjectOperations(String method, String path, String query, Operation expected) {
        assertEquals(
                expected, S3Request.of(method, path, query, new HttpFields()).operation());
    }

    @Test
    void copySourceMakesAPutACopy() {
        HttpFields headers = new HttpFields().add("x-amz-copy-source", "/b/src");
        assertEquals(
                Operation.COPY_OBJECT,
                S3Request.of("PUT", "/b/dst", null, headers).operation());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY | 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
                "null                            | -",
                "-                               | -",
            })
    void theLiteralNullVersionOfAnUnversionedBucketIsNoVersion(String reported, String expected) {
        assertEquals(expected, S3Request.versionId(reported));
    }

    @Test
    void aDeleteMarkedAsALifecycleExpirationNotifiesAsOne() {
        HttpFields lifecycle = new HttpFields().add(S3Request.LIFECYCLE_EXPIRATION_HEADER, "true");
        byte[] request = """
                <Delete><Object><Key>a.jpg</Key></Object><Object><Key>b.jpg</Key></Object></Delete>""".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] result = """
                <DeleteResult><Deleted><Key>a.jpg</Key></Deleted><Deleted><Key>b.jpg</Key>\
                <DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>v2</DeleteMarkerVersionId></Deleted>\
                </DeleteResult>""".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        List<String> events =
                S3Request.of("POST", "/b", "delete", lifecycle).changes(200, new HttpFields(), request, result).stream()
                        .map(S3Request.ObjectChange::eventName)
                        .toList();
        assertEquals(List.of("LifecycleExpiration:Delete", "LifecycleExpiration:DeleteMarkerCreated"), events);
        assertEquals(
                List.of("ObjectRemoved:Delete"),
                S3Request.of("DELETE", "/b/a.jpg", null, new HttpFields())
                        .changes(204, new HttpFields(), new byte[0], new byte[0])
                        .stream()
                        .map(S3Request.ObjectChange::eventName)
                        .toList());
    }

    @Test
    void decodesThePathButKeepsPlusLiteral() {
        S3Request request = S3Request.of("PUT", "/my-bucket/dir/a%20b+c%C3%A9.txt", null, new HttpFields());
        assertEquals("my-bucket", request.bucket());
        assertEquals("dir/a b+cé.txt", request.key());
    }
}

package io.github.clarifais3sync.offline.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The barest baseline: a stream handler that answers without reading its event, so the runtime's serializer never
 * loads. The functions are stream handlers too; {@link HelloWorldHandler} is the usual POJO hello world.
 */
public final class HelloWorldStreamHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write("\"hello\"".getBytes(StandardCharsets.UTF_8));
    }
}

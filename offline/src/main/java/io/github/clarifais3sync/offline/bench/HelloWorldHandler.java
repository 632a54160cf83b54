package io.github.clarifais3sync.offline.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The cold start benchmark's baseline: a handler that does nothing but answer. */
public final class HelloWorldHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "hello";
    }
}

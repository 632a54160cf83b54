package io.github.clarifais3sync.offline;

/** The Clarifai-compatible Inputs API the functions are pointed at, and how to authenticate to it. */
public interface InputsApiEndpoint extends AutoCloseable {

    String baseUrl();

    String apiKey();

    String userId();

    String appId();

    @Override
    void close();
}

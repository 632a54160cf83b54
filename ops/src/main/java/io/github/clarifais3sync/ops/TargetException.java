package io.github.clarifais3sync.ops;

/**
 * A usage or target error: an unknown stack, missing credentials, a wrong Clarifai key, an unknown key. The command
 * stops before it changes anything and prints the message alone (exit code {@link SyncCli#EXIT_USAGE}).
 */
public final class TargetException extends RuntimeException {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.clarifais3sync.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Template copies and bounded waits shared by the stack tests. */
final class TestStacks {

    static final Path TEMPLATE = Path.of("..", "template.yaml");

    private TestStacks() {}

    /** A copy of template.yaml with each {@code pairs[i]} replaced by {@code pairs[i + 1]}; each must occur. */
    static Path templateCopy(Path directory, String... pairs) throws IOException {
        String text = Files.readString(TEMPLATE);
        for (int i = 0; i < pairs.length; i += 2) {
            if (!text.contains(pairs[i])) {
                throw new IllegalArgumentException("template.yaml has no " + pairs[i]);
            }
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        Path copy = directory.resolve("template.yaml");
        Files.writeString(copy, text);
        return copy;
    }

    /** An Inputs API endpoint nothing listens on, for stacks whose functions never call it. */
    static InputsApiEndpoint unusedInputsApi() {
        return new InputsApiEndpoint() {
            public String baseUrl() {
                return "http://127.0.0.1:9";
            }

            public String apiKey() {
                return "unused";
            }

            public String userId() {
                return "me";
            }

            public String appId() {
                return "offline";
            }

            public void close() {}
        };
    }
}

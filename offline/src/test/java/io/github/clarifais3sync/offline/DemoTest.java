package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The demo path end to end with the real functions, emulators and the local Inputs API. */
class DemoTest {

    @Test
    void demo_whenRepositoryTemplate_indexesEveryImageAndDeletesOne() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        boolean succeeded;
        try (OfflineStack stack = OfflineStack.builder().template(TestStacks.TEMPLATE)
                .scheduleEvery(Duration.ofSeconds(1))
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200))).start();
             PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            succeeded = new Demo(stack, out).run();
        }

        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertTrue(succeeded, printed);
        assertTrue(printed.contains("holiday photos/café (1).jpg"), printed);
        assertTrue(printed.contains("skipped"), printed);
    }
}

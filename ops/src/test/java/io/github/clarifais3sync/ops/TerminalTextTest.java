package io.github.clarifais3sync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.clarifais3sync.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void safe_escapesEveryControlCharacterAndBidiOverride_andLeavesTheRestAlone() {
        assertEquals(
                "a\\nb\\rc\\td\\u001B[2Je\\u007F\\u009Bf\\u202Eg\\u2066h",
                TerminalText.safe("a\nb\rc\td\u001b[2Je\u007f\u009bf\u202eg\u2066h"));
        String plain = "photos/ü ñ & back\\slash (1).jpg";
        assertEquals(plain, TerminalText.safe(plain));
        assertEquals("null", TerminalText.safe(null));
    }

    @Test
    void guardedWriter_keepsTheToolsLineBreaks_andEscapesEverythingElse() throws Exception {
        StringWriter terminal = new StringWriter();
        PrintWriter out = new PrintWriter(new TerminalText.GuardedWriter(terminal), true);

        out.println("first line");
        out.printf("key %s%n", "x\u001b]0;title\u0007y");
        out.print('\u009b');
        out.flush();

        assertEquals("first line\nkey x\\u001B]0;title\\u0007y\n\\u009B", terminal.toString());
    }

    @Test
    void guardedJson_staysJsonThatReadsBackAsTheOriginal() throws Exception {
        String key = "k\u001b[31m\u009b\u202e.jpg";
        StringWriter terminal = new StringWriter();
        PrintWriter out = new PrintWriter(new TerminalText.GuardedWriter(terminal), true);

        out.println(Json.MAPPER.writeValueAsString(
                JsonNodeFactory.instance.objectNode().put("key", key)));

        assertEquals(key, Json.MAPPER.readTree(terminal.toString()).path("key").asText());
    }
}

package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command tree of {@code ./offline-stack}: parsing, help and exit codes, without starting a stack. */
class OfflineCliTest {

    private static final Pattern HISTORY =
            Pattern.compile("(?i)issue\\s[0-9]+|2-core|other\\sengineers|quiet\\smachine");

    @Test
    void parse_whenBenchmarkGivenInOptionForm_selectsTheSameSubcommandAsTheWordForm() {
        ParseResult optionForm = OfflineCli.commandLine()
                .parseArgs("bench", "--drop", "--objects", "50", "--writers", "4", "--timeout", "2m");
        ParseResult wordForm = OfflineCli.commandLine().parseArgs("bench", "drop", "--objects", "50");

        assertEquals("drop", leaf(optionForm).commandSpec().name());
        assertEquals("drop", leaf(wordForm).commandSpec().name());
        assertEquals(50, leaf(optionForm).matchedOptionValue("--objects", 0));
        assertEquals(4, leaf(optionForm).matchedOptionValue("--writers", 0));
        ParseResult removals = OfflineCli.commandLine().parseArgs("bench", "--removals", "--objects", "300");
        assertEquals("removals", leaf(removals).commandSpec().name());
        assertEquals(300, leaf(removals).matchedOptionValue("--objects", 0));
    }

    @Test
    void parse_whenPeerRaceAndGrpcPortsGiven_readsThem() {
        ParseResult peer = OfflineCli.commandLine().parseArgs("bench", "--peer", "--objects", "200");
        ParseResult up = OfflineCli.commandLine().parseArgs("up", "--grpc-port", "0");
        ParseResult inputsApi = OfflineCli.commandLine().parseArgs("inputs-api", "--port", "0", "--grpc-port", "18080");

        assertEquals("peer", leaf(peer).commandSpec().name());
        assertEquals(200, leaf(peer).matchedOptionValue("--objects", 0));
        assertEquals(0, leaf(up).matchedOptionValue("--grpc-port", -1));
        assertEquals(18080, leaf(inputsApi).matchedOptionValue("--grpc-port", 0));
        assertEquals(List.of("--port", "0"), leaf(inputsApi).unmatched());
    }

    @Test
    void run_whenGrpcPortOutOfRange_exitsTwoNamingTheOption() {
        Result result = run("inputs-api", "--grpc-port", "70000");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--grpc-port"), result.err());
    }

    @Test
    void run_whenHelpAsked_printsEveryCommandAndExitsZero() {
        Result result = run("--help");

        assertEquals(0, result.exitCode());
        for (String command : List.of("demo", "up", "invoke", "inputs-api", "bench", "chaos", "generate-completion")) {
            assertTrue(result.out().contains(command), command + " in " + result.out());
        }
    }

    @Test
    void run_whenCommandUnknown_exitsTwo() {
        Result result = run("deploy");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("deploy"), result.err());
    }

    @Test
    void run_whenCountIsNotPositive_exitsTwoNamingTheOption() {
        Result result = run("bench", "--wedge", "--objects", "0");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--objects"), result.err());
    }

    @Test
    void run_whenDurationMalformed_exitsTwo() {
        assertEquals(2, run("chaos", "--timeout", "soon").exitCode());
    }

    @Test
    void run_whenInvokeLacksEventFile_exitsTwo() {
        assertEquals(2, run("invoke", "StatusFunction").exitCode());
    }

    @Test
    void help_ofEveryCommand_hasAnExampleAndSpeaksToUsers() {
        List<CommandLine> commands = new ArrayList<>();
        collect(OfflineCli.commandLine(), commands);
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName(" ");
            if (name.endsWith(" help") || name.endsWith("generate-completion")) {
                continue;
            }
            String help = command.getUsageMessage();
            assertTrue(help.contains("./offline-stack "), name + " has an example:\n" + help);
            assertFalse(HISTORY.matcher(help).find(), name + " speaks to users:\n" + help);
        }
    }

    @Test
    void run_whenCompletionAsked_printsABashCompletionScript() {
        Result result = run("generate-completion");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("complete -F"), result.out());
    }

    private static ParseResult leaf(ParseResult result) {
        ParseResult current = result;
        while (current.hasSubcommand()) {
            current = current.subcommand();
        }
        return current;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = OfflineCli.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

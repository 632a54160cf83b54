package io.github.clarifais3sync.local.aws;

import java.util.stream.Collectors;

/** LocalAws in a process of its own, for tests that end that process; prints the emulators' process ids. */
public final class LocalAwsMain {
    private LocalAwsMain() {}

    public static void main(String[] args) throws Exception {
        LocalAws aws = LocalAws.start();
        System.out.println("emulator-pids="
                + aws.emulatorPids().stream().map(String::valueOf).collect(Collectors.joining(",")));
        System.out.flush();
        // Runs until killed; a closed standard input ends it normally.
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
        aws.close();
    }
}

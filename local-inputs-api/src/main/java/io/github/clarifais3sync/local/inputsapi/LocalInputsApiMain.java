package io.github.clarifais3sync.local.inputsapi;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs the local Inputs API until Ctrl-C. {@code --help} lists the flags. */
public final class LocalInputsApiMain {
    /** The environment variable that sets {@code --allowed-hosts} when the flag is not given. */
    static final String ALLOWED_HOSTS_VARIABLE = "LOCAL_INPUTS_API_ALLOWED_HOSTS";

    private static final String USAGE = """
            Usage: java -jar clarifai-s3-sync-local-inputs-api-<version>.jar [flags]
              --port N                  port on 127.0.0.1 (default 8080; 0 picks a free one)
              --key SECRET              app-scoped API key (default %s)
              --user ID                 user of the key and of --pat (default %s)
              --app ID                  app of the key (default %s)
              --pat SECRET              also accept this personal access token for --user
              --processing-delay-ms N   time from 30001 to the final status (default 300)
              --delete-delay-ms N       time until deleted inputs are gone (default 300)
              --rate-limit N            requests per second per key, 0 = off (default 15)
              --no-delete-all           refuse delete_all with 400/11100 like the real API
              --no-samples              fetch samples.clarifai.com for real instead of generated images
              --allowed-hosts H1,H2     fetch URL inputs from these hosts only (names or IP addresses); others
                                        end in 30106 (default: any host, or $%s when set).
                                        Link-local addresses (169.254.0.0/16, fe80::/10) are never fetched from
              --decode-budget-mb N      memory decoding images may take at once; a larger image ends in 30105
                                        (default 340, 85 megapixels of 8-bit RGBA)
              --quiet                   no request log lines
            Faults (also switchable at run time: POST /_local/faults, with the key):
              --fail-next N  [--fail-http-status 503] [--fail-code 40031]
              --throttle-next N         next N requests answer 429/11005
              --drop-next N             next N requests lose their connection
              --latency-ms N            added to every request
              --fail-first-inputs K [--fail-input-code 40031]   first K inputs of each add fail
              --fail-input-rate R       share of inputs failing with --fail-input-code
              --fail-request-rate R     share of requests answering --fail-http-status/--fail-code
              --throttle-rate R         share of requests answering 429/11005
              --drop-rate R             share of requests losing their connection
              --seed N                  seed for the rates
            """.formatted(
                    LocalInputsApi.DEFAULT_API_KEY,
                    LocalInputsApi.DEFAULT_USER_ID,
                    LocalInputsApi.DEFAULT_APP_ID,
                    ALLOWED_HOSTS_VARIABLE);

    private LocalInputsApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        LocalInputsApi api;
        try {
            api = configure(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (api == null) {
            System.out.print(USAGE);
            return;
        }
        api.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }));
        printBanner(api, System.out);
        stopped.await();
    }

    /**
     * The API the flags describe, not started (for a launcher that serves it on another wire as well).
     *
     * @return {@code null} when only help was asked for
     * @throws IllegalArgumentException for a bad flag
     */
    public static LocalInputsApi configure(String[] args) {
        return configure(args, System.getenv());
    }

    /** @return {@code null} when only help was asked for */
    static LocalInputsApi configure(String[] args, Map<String, String> environment) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        LocalInputsApi.Builder builder = LocalInputsApi.builder().port(8080).requestLog(System.out::println);
        FaultInjector faults = new FaultInjector();
        String fromEnvironment = environment.get(ALLOWED_HOSTS_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            builder.allowedHosts(hosts(fromEnvironment));
        }
        String key = LocalInputsApi.DEFAULT_API_KEY;
        String user = LocalInputsApi.DEFAULT_USER_ID;
        String app = LocalInputsApi.DEFAULT_APP_ID;
        String pat = null;
        int failNext = 0;
        int failHttpStatus = FaultInjector.DEFAULT_FAILURE_HTTP_STATUS;
        int failCode = FaultInjector.DEFAULT_FAILURE_CODE;
        int failFirstInputs = 0;
        double failInputRate = 0;
        double failRequestRate = 0;
        int failInputCode = FaultInjector.DEFAULT_FAILURE_CODE;
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            switch (flag) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> builder.port(integer(flag, rest));
                case "--key" -> key = value(flag, rest);
                case "--user" -> user = value(flag, rest);
                case "--app" -> app = value(flag, rest);
                case "--pat" -> pat = value(flag, rest);
                case "--processing-delay-ms" -> builder.processingDelay(Duration.ofMillis(integer(flag, rest)));
                case "--delete-delay-ms" -> builder.deleteDelay(Duration.ofMillis(integer(flag, rest)));
                case "--rate-limit" -> builder.rateLimit(integer(flag, rest));
                case "--no-delete-all" -> builder.deleteAllHonoured(false);
                case "--no-samples" -> builder.builtInSamples(false);
                case "--allowed-hosts" -> builder.allowedHosts(hosts(value(flag, rest)));
                case "--decode-budget-mb" -> builder.decodeBudget(integer(flag, rest) * 1_000_000L);
                case "--quiet" -> builder.requestLog(null);
                case "--fail-next" -> failNext = integer(flag, rest);
                case "--fail-http-status" -> failHttpStatus = integer(flag, rest);
                case "--fail-code" -> failCode = integer(flag, rest);
                case "--throttle-next" -> faults.throttleNextRequests(integer(flag, rest));
                case "--drop-next" -> faults.dropNextConnections(integer(flag, rest));
                case "--latency-ms" -> faults.latency(Duration.ofMillis(integer(flag, rest)));
                case "--fail-first-inputs" -> failFirstInputs = integer(flag, rest);
                case "--fail-input-code" -> failInputCode = integer(flag, rest);
                case "--fail-input-rate" -> failInputRate = rate(flag, rest);
                case "--fail-request-rate" -> failRequestRate = rate(flag, rest);
                case "--throttle-rate" -> faults.throttleRequestsAtRate(rate(flag, rest));
                case "--drop-rate" -> faults.dropConnectionsAtRate(rate(flag, rest));
                case "--seed" -> faults.seed(Long.parseLong(value(flag, rest)));
                default -> throw new IllegalArgumentException("unknown flag: " + flag);
            }
        }
        faults.failNextRequests(failNext, failHttpStatus, failCode)
                .failFirstInputsOfEachAdd(failFirstInputs, failInputCode)
                .failInputsAtRate(failInputRate, failInputCode)
                .failRequestsAtRate(failRequestRate, failHttpStatus, failCode);
        builder.apiKey(key, user, app).faultInjector(faults);
        if (pat != null) {
            builder.personalAccessToken(pat, user);
        }
        return builder.build();
    }

    /** The one place a key is printed: the point of the banner is to say which key to use. */
    public static void printBanner(LocalInputsApi api, PrintStream out) {
        out.println("Local Clarifai Inputs API listening on " + api.baseUrl());
        for (Credential credential : api.credentials()) {
            if (credential.isPersonalAccessToken()) {
                out.println("  personal access token: " + credential.secret() + " (user " + credential.userId()
                        + "; path /v2/users/" + credential.userId() + "/apps/<app_id>/inputs)");
            } else {
                out.println("  API key: " + credential.secret() + " (user " + credential.userId() + ", app "
                        + credential.appId() + ")");
            }
        }
        Credential first = api.credentials().get(0);
        String inputs = first.isPersonalAccessToken()
                ? api.baseUrl() + "/v2/users/" + first.userId() + "/apps/my-app/inputs"
                : api.baseUrl() + "/v2/inputs";
        out.println("Try:");
        out.println("  curl -X POST -H \"Authorization: Key " + first.secret() + "\" -H \"Content-Type: "
                + "application/json\" -d '{\"inputs\": [{\"data\": {\"image\": {\"url\": "
                + "\"https://samples.clarifai.com/metro-north.jpg\"}}}]}' " + inputs);
        out.println("  curl -H \"Authorization: Key " + first.secret() + "\" " + inputs);
        out.println("Faults: curl -X POST -H \"Authorization: Key " + first.secret()
                + "\" -d '{\"fail_next_requests\": " + "{\"count\": 2, \"http_status\": 503, \"code\": 40031}}' "
                + api.baseUrl() + "/_local/faults");
        out.println("Ctrl-C stops.");
    }

    private static List<String> hosts(String list) {
        List<String> hosts = Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(host -> !host.isEmpty())
                .toList();
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("--allowed-hosts needs at least one host");
        }
        return hosts;
    }

    private static String value(String flag, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.removeFirst();
    }

    private static int integer(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not " + text);
        }
    }

    private static double rate(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number between 0 and 1, not " + text);
        }
    }
}

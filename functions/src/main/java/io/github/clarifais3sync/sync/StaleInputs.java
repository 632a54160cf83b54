package io.github.clarifais3sync.sync;

import io.github.clarifais3sync.concurrent.BoundedParallel;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.Sequencers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Removes the inputs of object versions that S3 no longer serves: older versions of an overwritten key, every
 * version older than a delete, or one version deleted by id. Inputs are deleted from the app first and marked
 * deleted in the ledger second, so a failed delete is retried whole; a version that became an input between the two
 * steps (an upload racing this delete) is noticed from the ledger's previous state and deleted too. Many keys'
 * retirements share DeleteInputs requests of at most {@value InputsClient#MAX_IDS_PER_DELETE} ids
 * ({@link #retireAll}); a request the app refuses fails only the retirements whose ids it carried.
 */
public final class StaleInputs {

    /**
     * Which versions of one key to retire, and why (for the ledger and the log); {@code alsoDelete} (may be null) is
     * an input id deleted from the app whatever the ledger says of it: a version already recorded deleted whose add
     * may still have gone through.
     */
    public record Retirement(
            String bucket, String key, Predicate<LedgerEntry> which, String reason, String alsoDelete) {

        public Retirement(String bucket, String key, Predicate<LedgerEntry> which, String reason) {
            this(bucket, key, which, reason, null);
        }

        /** Only the input {@code inputId}, deleted from the app; the ledger already records it deleted. */
        public static Retirement input(String bucket, String key, String inputId, String reason) {
            return new Retirement(bucket, key, e -> false, reason, inputId);
        }

        /** This retirement, and the input {@code inputId} deleted from the app too. */
        public Retirement alsoDeleting(String inputId) {
            return new Retirement(bucket, key, which, reason, inputId);
        }

        /**
         * Every version of {@code bucket/key} whose sequencer is before {@code beforeSequencer} (all versions when it
         * is empty), sparing the version with input id {@code keep} (may be null): in a versioned bucket a listed
         * version and the event of the same version share an id, and the ledger row keeps the sequencer of whichever
         * came first (a listing's is empty), so the row can look older than the version it is.
         */
        public static Retirement olderThan(
                String bucket, String key, String beforeSequencer, String keep, String reason) {
            boolean all = Sequencers.normalize(beforeSequencer).isEmpty();
            return new Retirement(
                    bucket,
                    key,
                    e -> !e.inputId().equals(keep) && (all || Sequencers.compare(e.sequencer(), beforeSequencer) < 0),
                    reason);
        }

        /** The one version with this S3 {@code versionId} (a versioned bucket's permanent delete of it). */
        public static Retirement version(String bucket, String key, String versionId, String reason) {
            return new Retirement(bucket, key, e -> versionId.equals(e.versionId()), reason);
        }
    }

    /**
     * What became of one retirement: the inputs it deleted from the app, or why it did not happen (then nothing of
     * it is marked deleted, and it may be tried again whole).
     */
    public record Retired(Retirement retirement, int inputsDeleted, RuntimeException failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private final Ledger ledger;
    private final InputsClient inputs;
    private final Metrics metrics;
    private final Clock clock;
    private final BoundedParallel parallel;

    public StaleInputs(Ledger ledger, InputsClient inputs, Metrics metrics, Clock clock) {
        this(ledger, inputs, metrics, clock, 1);
    }

    /**
     * @param parallelism how many keys' ledger reads and writes run at once; one key's always run in order
     */
    public StaleInputs(Ledger ledger, InputsClient inputs, Metrics metrics, Clock clock, int parallelism) {
        this.ledger = ledger;
        this.inputs = inputs;
        this.metrics = metrics;
        this.clock = clock;
        this.parallel = new BoundedParallel(parallelism);
    }

    /**
     * Retires every version of {@code bucket/key} whose sequencer is before {@code beforeSequencer} (all versions when
     * it is empty). Returns the number of inputs deleted from the app.
     *
     * @throws io.github.clarifais3sync.inputs.InputsApiException when the app refused the delete; nothing is marked
     */
    public int retireOlderThan(String bucket, String key, String beforeSequencer, String reason, Deadline deadline) {
        return retireOlderThan(bucket, key, beforeSequencer, null, reason, deadline);
    }

    /** The same, sparing the version with input id {@code keep} ({@link Retirement#olderThan}). */
    public int retireOlderThan(
            String bucket, String key, String beforeSequencer, String keep, String reason, Deadline deadline) {
        return retireOne(Retirement.olderThan(bucket, key, beforeSequencer, keep, reason), deadline);
    }

    /** Retires the one version with this S3 {@code versionId} (a versioned bucket's permanent delete of it). */
    public int retireVersion(String bucket, String key, String versionId, String reason, Deadline deadline) {
        return retireOne(Retirement.version(bucket, key, versionId, reason), deadline);
    }

    private int retireOne(Retirement retirement, Deadline deadline) {
        Retired retired = retireAll(List.of(retirement), deadline).get(0);
        if (!retired.succeeded()) {
            throw retired.failure();
        }
        return retired.inputsDeleted();
    }

    /**
     * Carries out many retirements with as few DeleteInputs requests as their inputs need: each request takes at
     * most {@value InputsClient#MAX_IDS_PER_DELETE} ids, and a retirement's ids share a request unless it has more.
     * A version that may not be in the app (never accepted) costs no request. Returns one result per retirement, in
     * order; a refused request fails the retirements whose ids it carried and no other.
     */
    public List<Retired> retireAll(List<Retirement> retirements, Deadline deadline) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < retirements.size(); i++) {
            all.add(i);
        }
        List<List<LedgerEntry>> stale = perKey(retirements, all, i -> {
            Retirement retirement = retirements.get(i);
            return ledger.versionsOf(retirement.bucket(), retirement.key()).stream()
                    .filter(e -> e.state() != InputState.DELETED)
                    .filter(retirement.which())
                    .toList();
        });
        List<Set<String>> ids = new ArrayList<>();
        for (int i = 0; i < retirements.size(); i++) {
            Set<String> inApp = new LinkedHashSet<>();
            stale.get(i).stream().filter(LedgerEntry::mayExistInApp).forEach(e -> inApp.add(e.inputId()));
            if (retirements.get(i).alsoDelete() != null) {
                inApp.add(retirements.get(i).alsoDelete());
            }
            ids.add(inApp);
        }
        RuntimeException[] failures = deleteInBatches(ids, deadline);
        List<Retired> results = new ArrayList<>();
        Set<String> deletedEverywhere = new HashSet<>();
        ids.forEach(deletedEverywhere::addAll);
        List<Integer> deletedFromApp =
                all.stream().filter(i -> failures[i] == null).toList();
        List<List<LedgerEntry>> previousStates = perKey(retirements, deletedFromApp, i -> {
            Retirement retirement = retirements.get(i);
            List<LedgerEntry> previous = new ArrayList<>();
            for (LedgerEntry entry : stale.get(i)) {
                previous.add(ledger.markDeleted(
                                retirement.bucket(),
                                retirement.key(),
                                entry.inputId(),
                                retirement.reason(),
                                clock.instant())
                        .orElse(null));
            }
            return previous;
        });
        Map<Integer, List<String>> racing = new LinkedHashMap<>();
        for (int i : deletedFromApp) {
            Retirement retirement = retirements.get(i);
            for (int e = 0; e < stale.get(i).size(); e++) {
                LedgerEntry entry = stale.get(i).get(e);
                LedgerEntry previous = previousStates.get(i).get(e);
                if (previous != null && previous.mayExistInApp() && deletedEverywhere.add(entry.inputId())) {
                    racing.computeIfAbsent(i, k -> new ArrayList<>()).add(entry.inputId());
                }
                Log.info(
                        "input.retired",
                        "bucket",
                        retirement.bucket(),
                        "key",
                        retirement.key(),
                        "inputId",
                        entry.inputId(),
                        "previousState",
                        previous == null ? null : previous.state().wireName(),
                        "reason",
                        retirement.reason());
            }
        }
        if (!racing.isEmpty()) {
            List<String> late = racing.values().stream().flatMap(List::stream).toList();
            try {
                inputs.deleteInputs(late, deadline);
                racing.forEach((i, lateIds) -> ids.get(i).addAll(lateIds));
            } catch (RuntimeException refused) {
                racing.keySet().forEach(i -> failures[i] = refused);
            }
        }
        // Two messages of one removal (SQS and S3 deliver at least once) name the same inputs: each input counts once.
        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < retirements.size(); i++) {
            int count = failures[i] == null ? ids.get(i).size() : 0;
            if (failures[i] == null) {
                deleted.addAll(ids.get(i));
            }
            results.add(new Retired(retirements.get(i), count, failures[i]));
        }
        if (!deleted.isEmpty()) {
            metrics.record(Metric.INPUTS_DELETED, deleted.size());
        }
        return results;
    }

    /**
     * Applies {@code step} to the retirements at {@code indices}: different keys' in parallel, one key's in their
     * order, so that the ledger sees each key's reads and conditional writes as it would one by one. Returns a list
     * indexed like {@code retirements}, null where a retirement was not among {@code indices}.
     */
    private <R> List<R> perKey(List<Retirement> retirements, List<Integer> indices, IntFunction<R> step) {
        Map<List<String>, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i : indices) {
            Retirement retirement = retirements.get(i);
            byKey.computeIfAbsent(List.of(retirement.bucket(), retirement.key()), k -> new ArrayList<>())
                    .add(i);
        }
        List<Map<Integer, R>> done = parallel.map(List.copyOf(byKey.values()), group -> {
            Map<Integer, R> results = new LinkedHashMap<>();
            group.forEach(i -> results.put(i, step.apply(i)));
            return results;
        });
        List<R> results = new ArrayList<>(Collections.nCopies(retirements.size(), (R) null));
        done.forEach(group -> group.forEach(results::set));
        return results;
    }

    /**
     * Packs each retirement's ids into requests of at most {@value InputsClient#MAX_IDS_PER_DELETE}, keeping a
     * retirement's ids together when they fit; returns, per retirement, the refusal of a request that carried its ids.
     */
    private RuntimeException[] deleteInBatches(List<Set<String>> ids, Deadline deadline) {
        Map<String, RuntimeException> refusedIds = new HashMap<>();
        List<String> request = new ArrayList<>();
        Set<String> packed = new HashSet<>();
        for (Set<String> own : ids) {
            List<String> fresh = own.stream().filter(packed::add).toList();
            if (!request.isEmpty() && request.size() + fresh.size() > InputsClient.MAX_IDS_PER_DELETE) {
                send(request, refusedIds, deadline);
                request = new ArrayList<>();
            }
            for (String id : fresh) {
                if (request.size() == InputsClient.MAX_IDS_PER_DELETE) {
                    send(request, refusedIds, deadline);
                    request = new ArrayList<>();
                }
                request.add(id);
            }
        }
        if (!request.isEmpty()) {
            send(request, refusedIds, deadline);
        }
        RuntimeException[] failures = new RuntimeException[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            failures[i] = ids.get(i).stream()
                    .map(refusedIds::get)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        }
        return failures;
    }

    private void send(List<String> request, Map<String, RuntimeException> refusedIds, Deadline deadline) {
        try {
            inputs.deleteInputs(request, deadline);
        } catch (RuntimeException refused) {
            Log.warn("input.delete-refused", "inputs", request.size(), "error", refused.toString());
            request.forEach(id -> refusedIds.put(id, refused));
        }
    }
}

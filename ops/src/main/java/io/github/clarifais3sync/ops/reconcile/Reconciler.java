package io.github.clarifais3sync.ops.reconcile;

import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The three views merged key by key: the bucket's objects, the ledger's versions and the app's inputs, each an
 * iterator sorted by key in {@link KeyOrder}. Only one key's records are held at a time, so memory does not grow
 * with the bucket. Each key whose views disagree becomes one {@link Finding}, handed to the consumer as it is found.
 */
public final class Reconciler {

    /** What one merge saw. */
    public static final class Counts {
        long keys;
        long objects;
        long ledgerVersions;
        long inputs;

        public long keys() {
            return keys;
        }

        public long objects() {
            return objects;
        }

        public long ledgerVersions() {
            return ledgerVersions;
        }

        public long inputs() {
            return inputs;
        }
    }

    private final Peeking<BucketObject> objects;
    private final Peeking<LedgerEntry> ledger;
    private final Peeking<AppInput> inputs;
    private final Counts counts = new Counts();

    public Reconciler(Iterator<BucketObject> objects, Iterator<LedgerEntry> ledger, Iterator<AppInput> inputs) {
        this.objects = new Peeking<>(objects, BucketObject::key);
        this.ledger = new Peeking<>(ledger, LedgerEntry::key);
        this.inputs = new Peeking<>(inputs, AppInput::key);
    }

    /** Merges to the end, or until {@code stop} says so between two keys; returns what it saw. */
    public Counts run(Consumer<Finding> findings, BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            String key = min(min(objects.key(), ledger.key()), inputs.key());
            if (key == null) {
                break;
            }
            List<BucketObject> object = objects.takeAll(key);
            List<LedgerEntry> versions = ledger.takeAll(key);
            List<AppInput> appInputs = inputs.takeAll(key);
            counts.keys++;
            counts.objects += object.size();
            counts.ledgerVersions += versions.size();
            counts.inputs += appInputs.size();
            classify(key, object.isEmpty() ? null : object.get(0), versions, appInputs)
                    .forEach(findings);
        }
        return counts;
    }

    static List<Finding> classify(
            String key, BucketObject object, List<LedgerEntry> versions, List<AppInput> appInputs) {
        List<Finding> found = new ArrayList<>();
        List<LedgerEntry> live =
                versions.stream().filter(v -> v.state() != InputState.DELETED).toList();
        Set<String> inApp = appInputs.stream().map(AppInput::inputId).collect(Collectors.toSet());
        if (object == null || !object.accepted()) {
            String why = object == null ? "object not in the bucket" : "the object is not synced (its key or its size)";
            if (!appInputs.isEmpty()) {
                found.add(new Finding(
                        Finding.Kind.ORPHAN,
                        key,
                        why + "; input(s) " + ids(appInputs),
                        null,
                        null,
                        appInputs.stream().map(AppInput::inputId).toList(),
                        closable(live)));
            } else {
                addLedgerOnly(found, key, live, Set.of(), why);
            }
            return found;
        }
        List<AppInput> current =
                appInputs.stream().filter(i -> object.eTag().equals(i.eTag())).toList();
        List<AppInput> stale =
                appInputs.stream().filter(i -> !object.eTag().equals(i.eTag())).toList();
        List<LedgerEntry> staleEntries = live.stream()
                .filter(v -> stale.stream().anyMatch(i -> i.inputId().equals(v.inputId())))
                .toList();
        LedgerEntry latest = live.stream()
                .filter(v -> object.eTag().equals(v.eTag()))
                .max(Comparator.comparing(LedgerEntry::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElse(null);
        Set<String> handled = new HashSet<>(inApp);
        if (latest != null) {
            handled.add(latest.inputId());
        }
        if (current.stream().anyMatch(AppInput::failed)
                || (current.isEmpty() && latest != null && latest.state() == InputState.FAILED)) {
            found.add(new Finding(
                    Finding.Kind.FAILED,
                    key,
                    "current version failed: "
                            + (latest == null
                                    ? "app code " + current.get(0).statusCode()
                                    : latest.statusCode() + " " + latest.statusDescription()),
                    null,
                    null,
                    List.of(),
                    List.of()));
        } else if (current.isEmpty()) {
            if (latest != null && latest.state() == InputState.QUEUED) {
                found.add(new Finding(
                        Finding.Kind.PENDING,
                        key,
                        "queued as input " + latest.inputId(),
                        null,
                        null,
                        List.of(),
                        List.of()));
            } else {
                String detail = latest != null
                        ? "ledger says " + latest.state().wireName() + " input " + latest.inputId()
                                + "; the app has no input for eTag " + object.eTag()
                        : "no input and no ledger version for eTag " + object.eTag();
                if (!stale.isEmpty()) {
                    detail += "; stale input(s) " + ids(stale);
                }
                found.add(new Finding(
                        stale.isEmpty() ? Finding.Kind.MISSING : Finding.Kind.STALE,
                        key,
                        detail,
                        latest == null ? object : null,
                        latest,
                        stale.stream().map(AppInput::inputId).toList(),
                        closable(staleEntries)));
            }
        } else if (!stale.isEmpty()) {
            found.add(new Finding(
                    Finding.Kind.STALE,
                    key,
                    "stale input(s) " + ids(stale) + " beside current " + ids(current),
                    null,
                    null,
                    stale.stream().map(AppInput::inputId).toList(),
                    closable(staleEntries)));
        }
        if (current.size() > 1) {
            Set<String> known = live.stream().map(LedgerEntry::inputId).collect(Collectors.toSet());
            AppInput keep = current.stream()
                    .filter(i -> known.contains(i.inputId()))
                    .findFirst()
                    .orElse(current.get(0));
            List<String> extra = current.stream()
                    .map(AppInput::inputId)
                    .filter(id -> !id.equals(keep.inputId()))
                    .toList();
            found.add(new Finding(
                    Finding.Kind.DUPLICATE,
                    key,
                    current.size() + " inputs for eTag " + object.eTag() + ": keeping " + keep.inputId() + ", extra "
                            + String.join(",", extra),
                    null,
                    null,
                    extra,
                    closable(live.stream()
                            .filter(v -> extra.contains(v.inputId()))
                            .toList())));
        }
        addLedgerOnly(
                found,
                key,
                live.stream().filter(v -> !object.eTag().equals(v.eTag())).toList(),
                handled,
                "older version");
        return found;
    }

    /** Live ledger versions that no input backs and no queue message will settle: closed by a repair. */
    private static void addLedgerOnly(
            List<Finding> found, String key, List<LedgerEntry> live, Set<String> handled, String why) {
        List<LedgerEntry> orphaned = live.stream()
                .filter(v -> v.state() != InputState.QUEUED)
                .filter(v -> !handled.contains(v.inputId()))
                .toList();
        if (!orphaned.isEmpty()) {
            found.add(new Finding(
                    Finding.Kind.LEDGER_ONLY,
                    key,
                    why + "; ledger version(s) "
                            + orphaned.stream()
                                    .map(v -> v.inputId() + " " + v.state().wireName())
                                    .collect(Collectors.joining(", ")),
                    null,
                    null,
                    List.of(),
                    orphaned));
        } else if (live.stream().anyMatch(v -> v.state() == InputState.QUEUED && !handled.contains(v.inputId()))
                && found.isEmpty()) {
            found.add(new Finding(
                    Finding.Kind.PENDING,
                    key,
                    why + "; a queued version is on its way",
                    null,
                    null,
                    List.of(),
                    List.of()));
        }
    }

    private static List<LedgerEntry> closable(List<LedgerEntry> live) {
        return live.stream().filter(v -> v.state() != InputState.DELETED).toList();
    }

    private static String ids(List<AppInput> inputs) {
        return inputs.stream().map(AppInput::inputId).collect(Collectors.joining(","));
    }

    private static String min(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return KeyOrder.compare(a, b) <= 0 ? a : b;
    }

    /** An iterator with one record of look-ahead, taken a key at a time; checks that its input is sorted. */
    private static final class Peeking<T> {
        private final Iterator<T> source;
        private final Function<T, String> key;
        private T next;
        private String lastKey;

        Peeking(Iterator<T> source, Function<T, String> key) {
            this.source = source;
            this.key = key;
            advance();
        }

        String key() {
            return next == null ? null : key.apply(next);
        }

        List<T> takeAll(String wanted) {
            List<T> taken = new ArrayList<>(1);
            while (next != null && key.apply(next).equals(wanted)) {
                taken.add(next);
                advance();
            }
            return taken;
        }

        private void advance() {
            next = source.hasNext() ? source.next() : null;
            if (next != null) {
                String current = key.apply(next);
                if (lastKey != null && KeyOrder.compare(lastKey, current) > 0) {
                    throw new IllegalStateException("a view is not sorted: '" + current + "' after '" + lastKey + "'");
                }
                lastKey = current;
            }
        }
    }
}

package io.github.clarifais3sync.ledger;

import static io.github.clarifais3sync.ledger.LedgerItems.instant;
import static io.github.clarifais3sync.ledger.LedgerItems.s;
import static io.github.clarifais3sync.ledger.LedgerItems.str;
import static io.github.clarifais3sync.ledger.LedgerItems.time;
import static io.github.clarifais3sync.ledger.LedgerItems.versionKey;

import java.time.Duration;
import java.time.Instant;

/** The labels function's side of the ledger: each input's labels lease, its concepts, and the shared flush item. */
final class LabelsLeases {

    private final LedgerTable table;

    LabelsLeases(LedgerTable table) {
        this.table = table;
    }

    Ledger.LabelsClaim claim(String bucket, String key, String inputId, String owner, Instant now, Instant until) {
        UpdateExpression claim = new UpdateExpression()
                .set("labelsLeaseOwner", s(owner))
                .set("labelsLeaseUntil", s(time(until)))
                .value(":now", s(time(now)))
                .transition(Transition.CLAIM_LABELS)
                .andCondition("attribute_not_exists(#labelsLeaseUntil) OR #labelsLeaseUntil < :now");
        LedgerTable.Result result = table.tryUpdate(versionKey(bucket, key, inputId), claim);
        if (result.item().isEmpty() || !result.item().containsKey("state")) {
            return new Ledger.LabelsClaim(Ledger.LabelsClaim.Outcome.UNKNOWN, null, "");
        }
        LedgerEntry entry = LedgerItems.entry(result.item());
        Ledger.LabelsClaim.Outcome outcome = result.applied()
                ? Ledger.LabelsClaim.Outcome.CLAIMED
                : Transition.CLAIM_LABELS.allowsFrom(entry.state())
                        ? Ledger.LabelsClaim.Outcome.BUSY
                        : Ledger.LabelsClaim.Outcome.NOT_ACCEPTED;
        return new Ledger.LabelsClaim(outcome, entry, str(result.item(), "labels"));
    }

    boolean record(
            String bucket, String key, String inputId, String owner, String labels, String problems, Instant now) {
        UpdateExpression record = new UpdateExpression()
                .set("labelProblems", s(problems))
                .set("labelsAt", s(time(now)))
                .remove("labelsLeaseOwner")
                .remove("labelsLeaseUntil")
                .value(":owner", s(owner))
                .condition("#labelsLeaseOwner = :owner");
        if (labels != null) {
            record.set("labels", s(labels));
        }
        return table.tryUpdate(versionKey(bucket, key, inputId), record).applied();
    }

    void release(String bucket, String key, String inputId, String owner) {
        table.tryUpdate(
                versionKey(bucket, key, inputId),
                new UpdateExpression()
                        .remove("labelsLeaseOwner")
                        .remove("labelsLeaseUntil")
                        .value(":owner", s(owner))
                        .condition("#labelsLeaseOwner = :owner"));
    }

    /**
     * One item outside every key's partition ({@code pk = labels}, {@code sk = flush}; scans of versions filter on
     * {@code sk} beginning {@code v#}, so they never see it), set only when the stored instant has passed.
     */
    Instant flushAt(Instant now, Duration hold) {
        Instant candidate = now.plus(hold);
        LedgerTable.Result result = table.tryUpdate(
                LedgerItems.labelsFlushKey(),
                new UpdateExpression()
                        .set("flushAt", s(time(candidate)))
                        .value(":now", s(time(now)))
                        .condition("attribute_not_exists(#flushAt) OR #flushAt <= :now"));
        Instant stored = result.applied() ? null : instant(result.item(), "flushAt");
        return stored == null ? candidate : stored;
    }
}

package io.github.clarifais3sync.labels;

import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.concepts.Labels;
import io.github.clarifais3sync.inputs.InputPatch;
import io.github.clarifais3sync.ledger.LedgerEntry;

/** What {@link LabelsPreparer#prepare} decided for one object: settled now, or an input to patch under a lease. */
sealed interface LabelsStep permits LabelsStep.Settled, LabelsStep.Change {

    record Settled(Outcome outcome) implements LabelsStep {}

    record Change(TagChange change, LedgerEntry entry, String owner, Labels labels, InputPatch patch)
            implements LabelsStep {}
}

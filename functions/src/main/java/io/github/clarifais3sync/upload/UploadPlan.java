package io.github.clarifais3sync.upload;

import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.concepts.Labels;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.StoredObject;

/** What {@link UploadPlanner#plan} decided for one version: settled now, or a candidate for an add. */
sealed interface UploadPlan permits UploadPlan.Settled, UploadPlan.Candidate {

    record Settled(ObjectVersion version, Outcome outcome) implements UploadPlan {}

    record Candidate(ObjectVersion version, StoredObject object, Labels labels) implements UploadPlan {}
}

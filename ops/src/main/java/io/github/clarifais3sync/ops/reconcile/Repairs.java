package io.github.clarifais3sync.ops.reconcile;

import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.ops.Operations;
import io.github.clarifais3sync.status.SqsRetryQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What {@code reconcile --repair} does with each finding, through the same paths as the functions:
 * <ul>
 *   <li>a missing object never seen by the ledger enters as a listed version (recordQueued with an empty sequencer,
 *       then an upload queue message), and only while the key still has no ledger head: an S3 event always wins;</li>
 *   <li>a ledger version whose input is missing goes back to queued ({@code RETRY}) and onto the upload queue;</li>
 *   <li>orphan, stale and duplicate inputs are deleted in lists of {@value InputsClient#MAX_IDS_PER_DELETE}, and
 *       their ledger versions marked deleted once the delete succeeded; an orphan's object is looked up again
 *       first, so one put since the listing is left alone.</li>
 * </ul>
 * Every step is conditional or idempotent, so an interrupted repair is finished by running it again.
 */
public final class Repairs {

    private final Operations operations;
    private final Ledger ledger;
    private final String bucket;
    private final SqsRetryQueue queue;
    private final boolean versioned;
    private final List<String> deleteIds = new ArrayList<>();
    private final List<LedgerEntry> closeAfterDelete = new ArrayList<>();
    private long queued;
    private long retried;
    private long deleted;
    private long closed;
    private long leftAlone;

    public Repairs(Operations operations) {
        this.operations = operations;
        this.ledger = operations.ledger();
        this.bucket = operations.target().bucket();
        this.queue = new SqsRetryQueue(operations.sqs(), operations.target().uploadQueueUrl());
        String status =
                operations.s3().getBucketVersioning(r -> r.bucket(bucket)).statusAsString();
        this.versioned = "Enabled".equals(status) || "Suspended".equals(status);
    }

    public void apply(Finding finding) {
        if (!finding.kind().repairable()) {
            return;
        }
        if (finding.kind() == Finding.Kind.ORPHAN && head(finding.key()) != null) {
            leftAlone++;
            return;
        }
        if (!finding.delete().isEmpty()) {
            deleteIds.addAll(finding.delete());
            closeAfterDelete.addAll(finding.close());
            if (deleteIds.size() >= InputsClient.MAX_IDS_PER_DELETE) {
                flush();
            }
        } else {
            finding.close().forEach(entry -> close(entry, finding.kind()));
        }
        if (finding.retry() != null) {
            retry(finding.retry());
        } else if (finding.queue() != null) {
            queueListed(finding.queue());
        }
    }

    /** Sends the deletes still buffered; call at the end (and it is called every 128 ids). */
    public void flush() {
        if (deleteIds.isEmpty()) {
            return;
        }
        operations.inputs().deleteInputs(List.copyOf(deleteIds), operations.deadline());
        deleted += deleteIds.size();
        deleteIds.clear();
        closeAfterDelete.forEach(entry -> close(entry, null));
        closeAfterDelete.clear();
    }

    private void close(LedgerEntry entry, Finding.Kind kind) {
        if (ledger.markDeleted(
                        entry.bucket(),
                        entry.key(),
                        entry.inputId(),
                        "closed by reconcile" + (kind == null ? ": its input was deleted" : ": " + kind.label()),
                        operations.clock().instant())
                .isPresent()) {
            closed++;
        }
    }

    private void retry(LedgerEntry entry) {
        ObjectVersion version = ObjectVersion.of(
                entry.bucket(),
                entry.key(),
                entry.size(),
                entry.eTag(),
                entry.versionId(),
                entry.sequencer(),
                entry.eventTime() == null ? null : entry.eventTime().toString());
        if (!version.inputId().equals(entry.inputId())
                || !ledger.retry(
                        entry,
                        "input missing from the app; queued again by reconcile",
                        operations.clock().instant())) {
            leftAlone++;
            return;
        }
        queue.send(version, Duration.ZERO);
        retried++;
    }

    private void queueListed(BucketObject object) {
        if (ledger.head(bucket, object.key()).isPresent()) {
            // An event reached the ledger since the snapshot: it wins over the listing.
            leftAlone++;
            return;
        }
        String versionId = null;
        if (versioned) {
            // ListObjectsV2 lists current versions without their ids; HEAD gives the current version's.
            HeadObjectResponse head = head(object.key());
            if (head == null || !object.eTag().equals(Views.unquoted(head.eTag()))) {
                leftAlone++;
                return;
            }
            versionId = head.versionId();
        }
        ObjectVersion version = ObjectVersion.of(
                bucket,
                object.key(),
                object.size(),
                object.eTag(),
                versionId,
                "",
                object.lastModified() == null ? null : object.lastModified().toString());
        // The head only once the message is on the queue: if the send fails, the next repair still finds the key.
        ledger.recordVersionQueued(version, operations.clock().instant());
        queue.send(version, Duration.ZERO);
        ledger.recordSent(version, operations.clock().instant());
        queued++;
    }

    private HeadObjectResponse head(String key) {
        try {
            return operations.s3().headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException gone) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    public String summary() {
        return String.format(
                "queued %,d new version(s), re-queued %,d, deleted %,d input(s), closed %,d ledger "
                        + "version(s), left %,d alone (changed since the snapshot, or the object is still there)",
                queued, retried, deleted, closed, leftAlone);
    }
}

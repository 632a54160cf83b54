package io.github.clarifais3sync.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic Clarifai input ids for S3 object versions: the first 40 hex digits of SHA-256 over bucket, key and
 * the object's version (its {@code versionId}, or in an unversioned bucket the {@code sequencer} of the event that
 * created it, normalized by {@link Sequencers#normalize}). A redelivered event maps to the same id, so it can never
 * create a second input; an overwrite maps to a new id. Hex fits Clarifai's id rules: 1–48 characters of
 * {@code [A-Za-z0-9_-]} (docs/clarifai-api-notes.md#limits). The raw key goes into the input's metadata instead, because file
 * names are not valid ids.
 */
public final class InputIds {

    private static final int LENGTH = 40;

    private InputIds() {}

    public static String forObject(String bucket, String key, String versionId, String sequencer, String eTag) {
        // The sequencer in its normalized form, so the ledger's stored (normalized) copy maps to the same id.
        String version = versionId != null && !versionId.isEmpty()
                ? "v:" + versionId
                : sequencer != null && !sequencer.isEmpty()
                        ? "s:" + Sequencers.normalize(sequencer)
                        : "e:" + (eTag == null ? "" : eTag);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((bucket + "\n" + key + "\n" + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JVM", impossible);
        }
    }
}

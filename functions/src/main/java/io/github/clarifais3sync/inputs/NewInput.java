package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * An input to add. Exactly one of {@code imageUrl} and {@code imageBytes} is set.
 *
 * @param id                own id, or null to let the server generate one; see {@link InputIdRules}
 * @param imageUrl          a URL the server fetches asynchronously after accepting the input
 * @param imageBytes        the file's bytes, sent as {@code data.image.base64}
 * @param allowDuplicateUrl without it, a URL already in the app fails with 30100
 * @param metadata          {@code data.metadata}, or null
 */
public record NewInput(
        String id,
        String imageUrl,
        byte[] imageBytes,
        boolean allowDuplicateUrl,
        List<Concept> concepts,
        ObjectNode metadata) {

    public NewInput {
        if ((imageUrl == null) == (imageBytes == null)) {
            throw new IllegalArgumentException("An input needs exactly one of an image URL and image bytes");
        }
        concepts = concepts == null ? List.of() : List.copyOf(concepts);
    }

    public static NewInput fromUrl(String id, String url) {
        return new NewInput(id, Objects.requireNonNull(url, "url"), null, false, List.of(), null);
    }

    public static NewInput fromBytes(String id, byte[] bytes) {
        return new NewInput(id, null, Objects.requireNonNull(bytes, "bytes"), false, List.of(), null);
    }

    public NewInput withAllowDuplicateUrl(boolean allow) {
        return new NewInput(id, imageUrl, imageBytes, allow, concepts, metadata);
    }

    public NewInput withConcepts(List<Concept> newConcepts) {
        return new NewInput(id, imageUrl, imageBytes, allowDuplicateUrl, newConcepts, metadata);
    }

    public NewInput withMetadata(ObjectNode newMetadata) {
        return new NewInput(id, imageUrl, imageBytes, allowDuplicateUrl, concepts, newMetadata);
    }

    /** Size of this input in a request body: base64 makes bytes 4/3 larger; a URL costs its length. */
    public long encodedSize() {
        long payload = imageBytes != null ? 4L * ((imageBytes.length + 2) / 3) : imageUrl.length();
        return payload + 256 + (metadata == null ? 0 : metadata.toString().length()) + 64L * concepts.size();
    }

    @Override
    public String toString() {
        return "NewInput[id=" + id + (imageUrl != null ? ", url" : ", bytes=" + imageBytes.length) + "]";
    }
}

package io.github.clarifais3sync.offline.chaos;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * What a chaos run does to the bucket, drawn from a seed so that a run can be repeated: N keys under {@value #PREFIX},
 * each with unusual characters in its name and one of the {@link Case}s. Each key's steps run in order on one writer;
 * the {@code later} steps run after every key's first steps, when some of the first versions are indexed and others
 * are still on their way. The first keys cover every case once, so that even a small N meets each of them.
 */
public final class ChaosPlan {

    public static final String PREFIX = "chaos/";

    /** What happens to one key. */
    public enum Case {
        /** One image. */
        IMAGE(50),
        /** A {@code .txt}: skipped at enqueue, no ledger row, no input. */
        NOT_IMAGE(4),
        /** Plain text under a {@code .jpg} name: Clarifai fails it, and the ledger records the failure's code. */
        TEXT_AS_IMAGE(3),
        /** A zero-byte {@code .jpg}: skipped at enqueue like a folder marker. */
        ZERO_BYTE(3),
        /** Put twice at once: only the second version may have an input. */
        OVERWRITE(10),
        /** Put, then deleted at once: no input may remain. */
        PUT_THEN_DELETE(6),
        /** Put, deleted, put again: one input, of the last version. */
        DELETE_THEN_PUT(6),
        /** Put, then deleted after the whole drop: no input may remain. */
        DELETE_LATER(10),
        /** Put, then overwritten after the whole drop: one input, of the second version. */
        OVERWRITE_LATER(8);

        private final int weight;

        Case(int weight) {
            this.weight = weight;
        }

        /** Whether the key's last version is in the bucket once the plan has run. */
        public boolean remains() {
            return this != PUT_THEN_DELETE && this != DELETE_LATER;
        }
    }

    /** One step on one key. */
    public enum Action {
        PUT_IMAGE,
        PUT_TEXT,
        PUT_EMPTY,
        DELETE
    }

    /** A step; {@code version} tells the images of one key apart. */
    public record Step(Action action, int version) {}

    /** One key: its case, the steps of the drop and those after it. */
    public record Entry(int index, String key, Case kind, List<Step> first, List<Step> later) {

        /** The bytes of a put step. */
        public byte[] content(Step step) {
            return switch (step.action()) {
                case PUT_IMAGE -> image(index, step.version());
                case PUT_TEXT -> ("not an image: " + key + " #" + step.version()).getBytes(StandardCharsets.UTF_8);
                case PUT_EMPTY -> new byte[0];
                case DELETE -> throw new IllegalArgumentException("a delete has no content");
            };
        }
    }

    /** Names with what trips up encoders: spaces, non-ASCII, {@code + & = ? # %}, leading spaces, dots, depth. */
    private static final List<String> IMAGE_NAMES = List.of(
            "space name %05d.jpg",
            "ünïcödé+plus&amp; %05d.png",
            "deep/a=b?c#d %05d.jpeg",
            "%%41percent %05d.jpg",
            "  leading spaces %05d.jpg",
            "trailing dot %05d..webp",
            "x/y/z/many/levels %05d.gif",
            "plain-%05d.jpg");

    private final long seed;
    private final List<Entry> entries;

    private ChaosPlan(long seed, List<Entry> entries) {
        this.seed = seed;
        this.entries = entries;
    }

    /** N keys drawn from the seed. */
    public static ChaosPlan draw(int objects, long seed) {
        if (objects < 1) {
            throw new IllegalArgumentException("a chaos run needs at least one object");
        }
        Random random = new Random(seed);
        Case[] cases = Case.values();
        int total = 0;
        for (Case kind : cases) {
            total += kind.weight;
        }
        List<Entry> entries = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            Case kind;
            if (i < cases.length) {
                kind = cases[i];
            } else {
                int draw = random.nextInt(total);
                int index = 0;
                while (draw >= cases[index].weight) {
                    draw -= cases[index].weight;
                    index++;
                }
                kind = cases[index];
            }
            entries.add(entry(i, kind, random));
        }
        return new ChaosPlan(seed, List.copyOf(entries));
    }

    private static Entry entry(int index, Case kind, Random random) {
        String name = switch (kind) {
            case NOT_IMAGE -> "notes %05d.txt";
            case TEXT_AS_IMAGE -> "text-named %05d.jpg";
            case ZERO_BYTE -> "zero-byte %05d.jpg";
            default -> IMAGE_NAMES.get(random.nextInt(IMAGE_NAMES.size()));
        };
        String key = PREFIX + (index % 10) + "/" + String.format(Locale.ROOT, name, index);
        Step image = new Step(Action.PUT_IMAGE, 1);
        Step second = new Step(Action.PUT_IMAGE, 2);
        Step delete = new Step(Action.DELETE, 0);
        return switch (kind) {
            case IMAGE -> new Entry(index, key, kind, List.of(image), List.of());
            case NOT_IMAGE, TEXT_AS_IMAGE ->
                new Entry(index, key, kind, List.of(new Step(Action.PUT_TEXT, 1)), List.of());
            case ZERO_BYTE -> new Entry(index, key, kind, List.of(new Step(Action.PUT_EMPTY, 1)), List.of());
            case OVERWRITE -> new Entry(index, key, kind, List.of(image, second), List.of());
            case PUT_THEN_DELETE -> new Entry(index, key, kind, List.of(image, delete), List.of());
            case DELETE_THEN_PUT -> new Entry(index, key, kind, List.of(image, delete, second), List.of());
            case DELETE_LATER -> new Entry(index, key, kind, List.of(image), List.of(delete));
            case OVERWRITE_LATER -> new Entry(index, key, kind, List.of(image), List.of(second));
        };
    }

    public long seed() {
        return seed;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** How many image versions the plan puts (each overwrite counts): the denominator of requests per image. */
    public int imagePuts() {
        int puts = 0;
        for (Entry entry : entries) {
            puts += (int) Stream.concat(entry.first().stream(), entry.later().stream())
                    .filter(step -> step.action() == Action.PUT_IMAGE)
                    .count();
        }
        return puts;
    }

    /**
     * How many image versions the plan removes, by a delete or an overwrite (each overwritten or deleted image counts):
     * the denominator of deletes per removed version.
     */
    public int removedVersions() {
        int removed = 0;
        for (Entry entry : entries) {
            long images = Stream.concat(entry.first().stream(), entry.later().stream())
                    .filter(step -> step.action() == Action.PUT_IMAGE)
                    .count();
            removed += (int) (entry.kind().remains() ? Math.max(0, images - 1) : images);
        }
        return removed;
    }

    /** How many keys of each case. */
    public Map<Case, Integer> counts() {
        Map<Case, Integer> counts = new EnumMap<>(Case.class);
        for (Case kind : Case.values()) {
            counts.put(kind, 0);
        }
        entries.forEach(entry -> counts.merge(entry.kind(), 1, Integer::sum));
        return counts;
    }

    /**
     * A 32x16 JPEG that carries the key's index and the version as 32 black or white 4x4 blocks, so every image of a
     * run differs (and keeps differing through JPEG's lossy compression).
     */
    static byte[] image(int index, int version) {
        int bits = (index << 8) | (version & 0xff);
        BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        for (int bit = 0; bit < 32; bit++) {
            int rgb = ((bits >>> bit) & 1) == 1 ? 0xffffff : 0x000000;
            int x0 = (bit % 8) * 4;
            int y0 = (bit / 8) * 4;
            for (int x = x0; x < x0 + 4; x++) {
                for (int y = y0; y < y0 + 4; y++) {
                    image.setRGB(x, y, rgb);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

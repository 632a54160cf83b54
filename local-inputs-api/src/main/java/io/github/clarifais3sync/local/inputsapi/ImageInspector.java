package io.github.clarifais3sync.local.inputsapi;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks image bytes as Clarifai's processing does: under 20 MB and at most 85 megapixels, in one of the accepted
 * formats JPEG, PNG, TIFF, BMP, WEBP, GIF (docs/clarifai-api-notes.md#limits), and decodable. Other recognisable media
 * formats fail with 30101 INPUT_UNSUPPORTED_FORMAT; bytes that are no known format or do not decode fail with 30300.
 * Decoding goes through ImageIO with the TwelveMonkeys plugins on the class path, which read WEBP and convert
 * CMYK/YCCK JPEGs.
 *
 * <p>A decode's memory is its pixels times the bytes a decoded pixel takes, which a few kilobytes of compressed bytes
 * can make hundreds of megabytes, so it is worked out from the image's header first: over the decode budget the input
 * fails with 30105 without being decoded. Decodes at once share the budget and are at most
 * {@link #MAX_CONCURRENT_DECODES}; the rest wait their turn.
 */
final class ImageInspector {
    static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    static final long MAX_PIXELS = 85_000_000L;
    /** The largest image Clarifai takes, 85 megapixels, decoded at 8 bits for each of 4 samples (RGBA). */
    static final long DEFAULT_DECODE_BUDGET = MAX_PIXELS * 4;

    static final int MAX_CONCURRENT_DECODES = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final int BUDGET_UNIT = 1024;

    private final long maxBytes;
    private final long decodeBudget;
    private final Semaphore decoders = new Semaphore(MAX_CONCURRENT_DECODES, true);
    private final Semaphore decodeMemory;

    ImageInspector(long maxBytes, long decodeBudget) {
        this.maxBytes = maxBytes;
        this.decodeBudget = decodeBudget;
        this.decodeMemory = new Semaphore(units(decodeBudget), true);
    }

    long maxBytes() {
        return maxBytes;
    }

    ProcessingResult inspect(byte[] bytes) {
        if (bytes.length > maxBytes) {
            return tooLarge(bytes.length);
        }
        String unsupported = unsupportedFormat(bytes);
        if (unsupported != null) {
            return ProcessingResult.failure(
                    StatusCode.INPUT_UNSUPPORTED_FORMAT, "Unsupported image format: " + unsupported);
        }
        if (!hasAcceptedSignature(bytes)) {
            return ProcessingResult.failure(
                    StatusCode.ALL_INPUT_INVALID_BYTES, "The bytes are not a JPEG, PNG, TIFF, BMP, WEBP or GIF image");
        }
        return decode(bytes);
    }

    ProcessingResult tooLarge(long size) {
        return ProcessingResult.failure(
                StatusCode.INPUT_OVER_LIMIT, "Image of " + size + " bytes is over the limit of " + maxBytes + " bytes");
    }

    private ProcessingResult decode(byte[] bytes) {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                return undecodable("no decoder recognised the bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    return ProcessingResult.failure(
                            StatusCode.INPUT_OVER_LIMIT,
                            "Image of " + width + "x" + height + " pixels is over the limit of 85 megapixels");
                }
                int bytesPerPixel = bytesPerDecodedPixel(reader);
                long cost = (long) width * height * bytesPerPixel;
                if (cost > decodeBudget) {
                    return ProcessingResult.failure(
                            StatusCode.INPUT_OVER_LIMIT,
                            "Decoding the " + width + "x"
                                    + height + " image takes " + cost + " bytes (" + bytesPerPixel
                                    + " bytes a pixel), over the decode budget of " + decodeBudget + " bytes");
                }
                decodeWithin(reader, cost);
                return ProcessingResult.success(reader.getFormatName().toLowerCase(Locale.ROOT), width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return undecodable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return undecodable("interrupted");
        }
    }

    private void decodeWithin(ImageReader reader, long cost) throws IOException, InterruptedException {
        int units = Math.max(1, units(cost));
        decoders.acquire();
        try {
            decodeMemory.acquire(units);
            try {
                reader.read(0);
            } finally {
                decodeMemory.release(units);
            }
        } finally {
            decoders.release();
        }
    }

    /** What one pixel of the decoded raster takes, from the header: e.g. 3 for 8-bit RGB, 8 for 16-bit RGBA. */
    private static int bytesPerDecodedPixel(ImageReader reader) throws IOException {
        int bytes = 0;
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null) {
            bytes = bytesPerPixel(raw);
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (types.hasNext()) {
            bytes = Math.max(bytes, bytesPerPixel(types.next()));
        }
        return bytes == 0 ? 4 : bytes;
    }

    private static int bytesPerPixel(ImageTypeSpecifier type) {
        SampleModel model = type.getSampleModel();
        return Math.max(1, model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType()) / 8);
    }

    private static int units(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + BUDGET_UNIT - 1) / BUDGET_UNIT);
    }

    private static ProcessingResult undecodable(String reason) {
        return ProcessingResult.failure(StatusCode.ALL_INPUT_INVALID_BYTES, "Could not decode the image: " + reason);
    }

    private static boolean hasAcceptedSignature(byte[] b) {
        return startsWith(b, 0, 0xFF, 0xD8, 0xFF)
                || startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)
                || startsWith(b, 0, 'G', 'I', 'F', '8')
                || startsWith(b, 0, 'B', 'M')
                || startsWith(b, 0, 'I', 'I', '*', 0)
                || startsWith(b, 0, 'M', 'M', 0, '*')
                || startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P');
    }

    private static String unsupportedFormat(byte[] b) {
        if (startsWith(b, 0, '%', 'P', 'D', 'F')) {
            return "PDF";
        }
        if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
            return "PSD";
        }
        if (startsWith(b, 0, 0, 0, 1, 0)) {
            return "ICO";
        }
        if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return "JPEG 2000";
        }
        if (startsWith(b, 4, 'f', 't', 'y', 'p') && b.length >= 12) {
            return "ISO media (" + new String(b, 8, 4, StandardCharsets.US_ASCII).trim() + ")";
        }
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return "SVG";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        return Arrays.equals(Arrays.copyOfRange(bytes, offset, offset + expected.length), toBytes(expected));
    }

    private static byte[] toBytes(int[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}

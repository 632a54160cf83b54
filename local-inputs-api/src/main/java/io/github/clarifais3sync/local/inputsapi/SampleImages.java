package io.github.clarifais3sync.local.inputsapi;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Stand-ins for {@code https://samples.clarifai.com/<name>} (the seeds' example images, e.g. metro-north.jpg and
 * puppy.jpeg) so the seeds' examples finish offline. Each name gets its own deterministic picture, encoded in the
 * format its extension names.
 */
final class SampleImages {
    static final String HOST = "samples.clarifai.com";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> FORMAT_BY_EXTENSION =
            Map.of("jpg", "jpeg", "jpeg", "jpeg", "png", "png", "gif", "gif", "bmp", "bmp");
    private static final Map<String, String> CONTENT_TYPE_BY_FORMAT =
            Map.of("jpeg", "image/jpeg", "png", "image/png", "gif", "image/gif", "bmp", "image/bmp");
    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    record Sample(byte[] bytes, String contentType) {}

    Optional<Sample> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        int dot = name.lastIndexOf('.');
        String format =
                dot < 0 ? null : FORMAT_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (format == null) {
            return Optional.empty();
        }
        byte[] bytes = cache.computeIfAbsent(name, n -> render(n, format));
        return Optional.of(new Sample(bytes, CONTENT_TYPE_BY_FORMAT.get(format)));
    }

    static boolean isSampleHost(String host) {
        return HOST.equalsIgnoreCase(host);
    }

    private static byte[] render(String name, String format) {
        int hash = name.hashCode();
        Color base = new Color(hash & 0xFFFFFF);
        Color accent = new Color(~hash & 0xFFFFFF);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            for (int y = 0; y < HEIGHT; y++) {
                graphics.setColor(blend(base, accent, (double) y / HEIGHT));
                graphics.drawLine(0, y, WIDTH, y);
            }
            graphics.setColor(accent);
            int size = 30 + Math.floorMod(hash, 40);
            graphics.fillOval(
                    Math.floorMod(hash >> 8, WIDTH - size), Math.floorMod(hash >> 16, HEIGHT - size), size, size);
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Color blend(Color from, Color to, double share) {
        return new Color(
                (int) (from.getRed() + (to.getRed() - from.getRed()) * share),
                (int) (from.getGreen() + (to.getGreen() - from.getGreen()) * share),
                (int) (from.getBlue() + (to.getBlue() - from.getBlue()) * share));
    }
}

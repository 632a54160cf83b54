package io.github.clarifais3sync.offline;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Real JPEG and PNG files drawn on the spot, one non-image, and a key with spaces and non-ASCII characters. */
final class SampleObjects {

    static final String NON_IMAGE_KEY = "notes/read me.txt";
    static final String UNUSUAL_KEY = "holiday photos/café (1).jpg";

    private SampleObjects() {}

    /** Object key → bytes, images first. */
    static Map<String, byte[]> create() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("samples/sunrise.jpg", image("jpg", new Color(255, 140, 0), new Color(255, 230, 120)));
        objects.put("samples/forest.png", image("png", new Color(20, 90, 30), new Color(140, 200, 90)));
        objects.put("samples/ocean.jpeg", image("jpg", new Color(0, 60, 140), new Color(90, 200, 230)));
        objects.put("samples/night sky.png", image("png", new Color(5, 5, 40), new Color(60, 40, 120)));
        objects.put(UNUSUAL_KEY, image("jpg", new Color(120, 70, 40), new Color(240, 220, 190)));
        objects.put(NON_IMAGE_KEY, "Not an image: the pipeline skips it.\n".getBytes(StandardCharsets.UTF_8));
        return objects;
    }

    static boolean isImage(String key) {
        return !key.equals(NON_IMAGE_KEY);
    }

    private static byte[] image(String format, Color from, Color to) {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, from, 320, 240, to));
        graphics.fillRect(0, 0, 320, 240);
        graphics.setColor(Color.WHITE);
        graphics.fillOval(200, 40, 70, 70);
        graphics.dispose();
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
}

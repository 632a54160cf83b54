package io.github.clarifais3sync.local.aws;

import java.security.SecureRandom;

/** An access key pair as IAM issues it: an id starting {@code AKIA} and a 40-character secret. */
public record AccessKey(String accessKeyId, String secretAccessKey) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** A new random key pair. */
    public static AccessKey generate() {
        return new AccessKey("AKIA" + random(ID_CHARACTERS, 16), random(SECRET_CHARACTERS, 40));
    }

    private static String random(String characters, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(characters.charAt(RANDOM.nextInt(characters.length())));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + "]";
    }
}

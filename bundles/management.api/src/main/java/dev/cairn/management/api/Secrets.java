package dev.cairn.management.api;

import java.util.Locale;

/**
 * Which configuration keys hold secrets, by name: those containing {@code password}, {@code secret} or
 * {@code token}, and those starting with a dot (ConfigAdmin keeps them out of service properties).
 * MetaType password attributes are secrets too; the agent knows those.
 */
public final class Secrets {
    public static final String MASK = "******";

    private Secrets() {}

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith(".") || k.contains("password") || k.contains("secret") || k.contains("token");
    }
}

package org.chapkit.tasks.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.chapkit.tasks.config.ChapkitProperties;
import org.jspecify.annotations.Nullable;

/**
 * The configured API keys, kept only as SHA-256 digests. A presented key is hashed and compared with every
 * configured digest in constant time, so the time taken says nothing about how close a guess came.
 */
public final class ApiKeys {

    /** A configured key: its name (which is not secret, and names the caller in logs) and its roles. */
    public record Caller(String name, Set<Role> roles) {
    }

    private record Entry(Caller caller, byte[] digest) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The keys of {@code chapkit.security.api-keys}.
     *
     * @throws IllegalStateException for a key with neither or both of key and key-sha256, a malformed digest, no role
     *                               or an unknown role, naming the key and what to fix
     */
    public static ApiKeys of(ChapkitProperties.Security security) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, ChapkitProperties.Security.ApiKey> configured : security.apiKeys().entrySet()) {
            String name = configured.getKey();
            ChapkitProperties.Security.ApiKey key = configured.getValue();
            String where = "chapkit.security.api-keys." + name;
            boolean plain = key.key() != null && !key.key().isEmpty();
            boolean hashed = key.keySha256() != null && !key.keySha256().isEmpty();
            if (plain == hashed) {
                throw new IllegalStateException(where + ": set either key (the key itself) or key-sha256 (its hex SHA-256), not "
                        + (plain ? "both" : "neither"));
            }
            byte[] digest;
            if (plain) {
                digest = sha256(key.key());
            } else {
                try {
                    digest = HexFormat.of().parseHex(key.keySha256().trim());
                } catch (IllegalArgumentException e) {
                    digest = new byte[0];
                }
                if (digest.length != 32) {
                    throw new IllegalStateException(where + ".key-sha256: must be 64 hex digits, the SHA-256 of the key "
                            + "(printf %s \"$KEY\" | sha256sum)");
                }
            }
            if (key.roles().isEmpty()) {
                throw new IllegalStateException(where + ".roles: give the key at least one of read, run, admin");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String role : key.roles()) {
                try {
                    roles.add(Role.of(role));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + ".roles: " + e.getMessage(), e);
                }
            }
            entries.add(new Entry(new Caller(name, Set.copyOf(roles)), digest));
        }
        return new ApiKeys(entries);
    }

    /** No key configured: the service is open. */
    public boolean open() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The caller a presented key belongs to; every configured key is compared, whichever matches. */
    public Optional<Caller> find(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(digest, entry.digest()) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

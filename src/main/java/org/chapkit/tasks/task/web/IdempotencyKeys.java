package org.chapkit.tasks.task.web;

import org.jspecify.annotations.Nullable;

/** Checks the Idempotency-Key header: 1 to 255 visible ASCII characters. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static @Nullable String check(@Nullable String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new BadHeaderException("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        return key;
    }
}

package org.chapkit.tasks.task.web;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A Prefer header is read, never refused: a preference that cannot be understood is ignored (RFC 7240). */
class PreferencesTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"", ";", ";;;", ",,,;;;", " ; ", "=", "wait", "wait=", "wait=;", "wait=x", "wait=-1", "wait=0",
            "wait=1e400", "wait=99999999999999999999", "=5", ";wait=5", "respond-async;;"})
    void anUnreadableWaitIsNoWait(String prefer) {
        assertThat(Preferences.waitOf(prefer, MAX)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wait=5", "WAIT = 5", "respond-async, wait=5", ";;, wait=5", "wait=\"5\"", "wait=5;x=y", "wait=5, wait=9"})
    void aWaitIsReadAmongOtherPreferences(String prefer) {
        assertThat(Preferences.waitOf(prefer, MAX)).isEqualTo(Duration.ofSeconds(5));
    }
}

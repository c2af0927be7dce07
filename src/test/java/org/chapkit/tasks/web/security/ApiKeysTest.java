package org.chapkit.tasks.web.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.config.ChapkitProperties.Security.ApiKey;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configured keys: what a start-up refuses, and which caller a presented key is. */
class ApiKeysTest {

    private static final String SHA_OF_SECRET = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

    @Test
    void findsTheCallerOfAKeyGivenAsItselfOrAsItsDigest() {
        ApiKeys keys = keys(Map.of("ci", new ApiKey("ci-key", null, List.of("run")), "ops", new ApiKey(null, SHA_OF_SECRET, List.of("admin", "READ"))));

        assertThat(keys.find("ci-key")).hasValue(new ApiKeys.Caller("ci", Set.of(Role.RUN)));
        assertThat(keys.find("secret")).hasValue(new ApiKeys.Caller("ops", Set.of(Role.ADMIN, Role.READ)));
        assertThat(keys.find("Secret")).isEmpty();
        assertThat(keys.find("")).isEmpty();
        assertThat(keys.open()).isFalse();
        assertThat(keys(Map.of()).open()).isTrue();
    }

    @Test
    void aKeyThatCannotWorkStopsTheStartWithWhatToFix() {
        assertThatThrownBy(() -> keys(Map.of("x", new ApiKey("a", SHA_OF_SECRET, List.of("read")))))
                .hasMessageContaining("chapkit.security.api-keys.x").hasMessageContaining("not both");
        assertThatThrownBy(() -> keys(Map.of("x", new ApiKey(null, null, List.of("read"))))).hasMessageContaining("not neither");
        assertThatThrownBy(() -> keys(Map.of("x", new ApiKey(null, "abc", List.of("read"))))).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> keys(Map.of("x", new ApiKey("a", null, List.of())))).hasMessageContaining("at least one of read, run, admin");
        assertThatThrownBy(() -> keys(Map.of("x", new ApiKey("a", null, List.of("write"))))).hasMessageContaining("'write' is not a role");
    }

    @Test
    void tracebacksAreRecordedByDefaultOnlyWhileNoKeyIsConfigured() {
        assertThat(properties(Map.of()).includeTraceback()).isTrue();
        assertThat(properties(Map.of("chapkit.security.api-keys.ci.key", "k", "chapkit.security.api-keys.ci.roles", "read"))
                .includeTraceback()).isFalse();
        assertThat(properties(Map.of("chapkit.security.api-keys.ci.key", "k", "chapkit.security.api-keys.ci.roles", "read",
                "chapkit.jobs.include-traceback", "true")).includeTraceback()).isTrue();
    }

    private static ApiKeys keys(Map<String, ApiKey> keys) {
        return ApiKeys.of(new ChapkitProperties.Security(new LinkedHashMap<>(keys), true));
    }

    private static ChapkitProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("chapkit", ChapkitProperties.class);
    }
}

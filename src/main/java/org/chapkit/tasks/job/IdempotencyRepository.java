package org.chapkit.tasks.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.store.StoreDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Idempotency keys: which job a key first created, and a fingerprint of the task and params it came with. */
@Repository
class IdempotencyRepository {

    /** The first job of a key. */
    record FirstUse(String fingerprint, String jobId, String artifactId) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final StoreDialect dialect;

    IdempotencyRepository(JdbcClient jdbc, @ChapkitJson JsonMapper json, StoreDialect dialect) {
        this.jdbc = jdbc;
        this.json = json;
        this.dialect = dialect;
    }

    /** The key's first use, unless it is older than {@code notBefore}. */
    Optional<FirstUse> find(String key, Instant notBefore) {
        return jdbc.sql("select fingerprint, job_id, artifact_id from idempotency_keys where idem_key = ? and created_at >= ?")
                .params(key, dialect.time(notBefore))
                .query((rs, row) -> new FirstUse(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** Records a key's first use; fails with a DataIntegrityViolationException when the key is taken. */
    void insert(String key, String fingerprint, String jobId, String artifactId, Instant now, Instant notBefore) {
        jdbc.sql("delete from idempotency_keys where idem_key = ? and created_at < ?").params(key, dialect.time(notBefore)).update();
        jdbc.sql("insert into idempotency_keys (idem_key, fingerprint, job_id, artifact_id, created_at) values (?, ?, ?, ?, ?)")
                .params(key, fingerprint, jobId, artifactId, dialect.time(now)).update();
    }

    int deleteOlderThan(Instant notBefore) {
        return jdbc.sql("delete from idempotency_keys where created_at < ?").param(dialect.time(notBefore)).update();
    }

    /** SHA-256 of the task name and the params with object keys sorted, so key order does not matter. */
    String fingerprint(String taskName, JsonNode params) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(taskName.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(json.writeValueAsBytes(canonical(params)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                sorted.put(entry.getKey(), canonical(entry.getValue()));
            }
            ObjectNode copy = json.createObjectNode();
            sorted.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = json.createArrayNode();
            for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
                copy.add(canonical(it.next()));
            }
            return copy;
        }
        return node;
    }
}

package org.chapkit.tasks.artifact;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.Page;
import org.chapkit.tasks.common.PageRequest;
import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.store.StoreDialect;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Artifact rows: JSON data as text, raw content as bytes. */
@Repository
public class ArtifactStore {

    static final String JSON = "application/json";
    private static final String COLUMNS = "id, parent_id, level, created_at, updated_at, content_type, size";
    /** A job's level-0 result, with its data and content (null for a JSON result). */
    private static final String INSERT_RESULT = "insert into artifacts (" + COLUMNS + ", data, content) "
            + "values (?, null, 0, ?, ?, ?, ?, ?, ?) on conflict (id) do ";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final StoreDialect dialect;

    ArtifactStore(JdbcClient jdbc, @ChapkitJson JsonMapper json, StoreDialect dialect) {
        this.jdbc = jdbc;
        this.json = json;
        this.dialect = dialect;
    }

    /**
     * A job's level-0 result artifact as it will be stored: its JSON data serialized once, and its raw content
     * (bytes or a Resource the task returned) if any.
     */
    public record Result(String data, @Nullable ArtifactContent content, long size, String contentType) {
    }

    /** Serializes a result artifact's data; {@link Result#size()} is what it will take in the store. */
    public Result result(JsonNode data, @Nullable ArtifactContent content) {
        JsonText text = jsonText(data);
        return content == null ? new Result(text.value(), null, text.bytes(), JSON)
                : new Result(text.value(), content, content.bytes().length, content.contentType());
    }

    /**
     * Writes a job's level-0 result artifact: creates it, or replaces what a first child artifact (or an earlier
     * run of the job) left there.
     */
    public void writeResult(String id, Result result, Instant now) {
        jdbc.sql(INSERT_RESULT + "update set data = excluded.data, content = excluded.content, "
                        + "content_type = excluded.content_type, size = excluded.size, updated_at = excluded.updated_at")
                .params(resultValues(id, result, now)).update();
    }

    /** Creates a job's level-0 result artifact with its data so far, unless it exists; for a first child. */
    public void createResultIfAbsent(String id, JsonNode data, Instant now) {
        jdbc.sql(INSERT_RESULT + "nothing").params(resultValues(id, result(data, null), now)).update();
    }

    private Object[] resultValues(String id, Result result, Instant now) {
        Object time = dialect.time(now);
        return new Object[] {id, time, time, result.contentType(), result.size(), result.data(),
                result.content() == null ? null : result.content().bytes()};
    }

    /** JSON data as the {@code data} column holds it, and its size in bytes (UTF-8), from one serialization. */
    private record JsonText(String value, int bytes) {
    }

    private JsonText jsonText(JsonNode data) {
        byte[] utf8 = json.writeValueAsBytes(data);
        return new JsonText(new String(utf8, StandardCharsets.UTF_8), utf8.length);
    }

    /**
     * Stores a child of {@code parentId}: JSON data, raw content, or both.
     *
     * @return the new artifact's id
     */
    public String addChild(String parentId, @Nullable JsonNode data, @Nullable ArtifactContent content, Instant now) {
        String id = Ulids.next();
        JsonText text = data == null ? null : jsonText(data);
        String contentType = content != null ? content.contentType() : JSON;
        long size = content != null ? content.bytes().length : text == null ? 0 : text.bytes();
        int inserted = jdbc.sql("insert into artifacts (id, parent_id, level, created_at, updated_at, content_type, size, data, content) "
                        + "select ?, id, level + 1, ?, ?, ?, ?, ?, ? from artifacts where id = ?")
                .params(id, dialect.time(now), dialect.time(now), contentType, size, text == null ? null : text.value(),
                        content == null ? null : content.bytes(), parentId)
                .update();
        if (inserted == 0) {
            throw new ArtifactNotFoundException(parentId);
        }
        return id;
    }

    public Optional<Artifact> find(String id) {
        return jdbc.sql("select " + COLUMNS + ", data from artifacts where id = ?").param(id).query(this::artifact).optional();
    }

    /** Newest first; {@code parentId} narrows to one artifact's children. The data is included, raw content is not. */
    public Page<Artifact> list(PageRequest request, @Nullable String parentId) {
        String where = parentId == null ? "" : " where parent_id = :parent";
        JdbcClient.StatementSpec count = jdbc.sql("select count(*) from artifacts" + where);
        JdbcClient.StatementSpec select = jdbc.sql("select " + COLUMNS + ", data from artifacts" + where
                + " order by id desc limit :limit offset :offset").param("limit", request.size()).param("offset", request.offset());
        if (parentId != null) {
            count = count.param("parent", parentId);
            select = select.param("parent", parentId);
        }
        long total = count.query(Long.class).single();
        List<Artifact> items = select.query(this::artifact).list();
        return Page.of(items, total, request);
    }

    /** The content to download: raw bytes if there are any, else the JSON data. */
    public Optional<ArtifactContent> content(String id) {
        return jdbc.sql("select content_type, content, data from artifacts where id = ?").param(id)
                .query((rs, row) -> {
                    byte[] bytes = rs.getBytes("content");
                    if (bytes != null) {
                        return new ArtifactContent(rs.getString("content_type"), bytes);
                    }
                    String data = rs.getString("data");
                    return new ArtifactContent(JSON, (data == null ? "null" : data).getBytes(StandardCharsets.UTF_8));
                }).optional();
    }

    /** Deletes an artifact and its children; returns whether it existed. */
    public boolean delete(String id) {
        return jdbc.sql("delete from artifacts where id = ?").param(id).update() > 0;
    }

    /** Deletes these artifacts and their children; returns how many of them existed. */
    public int deleteAll(Collection<String> ids) {
        return ids.isEmpty() ? 0 : jdbc.sql("delete from artifacts where id in (:ids)").param("ids", ids).update();
    }

    private Artifact artifact(ResultSet rs, int row) throws SQLException {
        String data = rs.getString("data");
        return new Artifact(rs.getString("id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("parent_id"), rs.getInt("level"), rs.getString("content_type"), rs.getLong("size"),
                data == null ? null : json.readTree(data));
    }

    private @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        return dialect.time(rs, column);
    }
}

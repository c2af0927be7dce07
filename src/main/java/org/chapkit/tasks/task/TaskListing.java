package org.chapkit.tasks.task;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.chapkit.tasks.common.ChapkitJson;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task listing as JSON bytes. A task's JSON (its parameters and two JSON Schemas, ~660 bytes) is written
 * once per registration and copied into every listing after that; with 10,000 tasks a listing is 6.6 MB, which
 * Jackson would otherwise write afresh for every request. A task registered again under its name is a new
 * {@link TaskInfo}, so its JSON is written again; the listing itself always follows the registry.
 */
@Component
public class TaskListing {

    private final TaskRegistry registry;
    private final JsonMapper json;
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    TaskListing(TaskRegistry registry, @ChapkitJson JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** The tasks that carry all of {@code tags} (no tags: every task), sorted by name, as a JSON array. */
    public byte[] list(Collection<String> tags) {
        List<TaskInfo> tasks = registry.listByTags(tags);
        byte[][] parts = new byte[tasks.size()][];
        int size = 2 + Math.max(0, tasks.size() - 1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = json(tasks.get(i));
            size += parts[i].length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(parts[i]);
        }
        out.write(']');
        if (tags.isEmpty() && rendered.size() > tasks.size()) {
            forgetUnregistered(tasks);
        }
        return out.toByteArray();
    }

    private byte[] json(TaskInfo task) {
        Rendered cached = rendered.get(task.name());
        if (cached == null || cached.task() != task) {
            cached = new Rendered(task, json.writeValueAsBytes(task));
            rendered.put(task.name(), cached);
        }
        return cached.json();
    }

    private void forgetUnregistered(List<TaskInfo> registered) {
        Set<String> names = new HashSet<>();
        registered.forEach(task -> names.add(task.name()));
        rendered.keySet().retainAll(names);
    }

    private record Rendered(TaskInfo task, byte[] json) {
    }
}

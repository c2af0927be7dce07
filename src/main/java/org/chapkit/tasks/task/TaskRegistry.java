package org.chapkit.tasks.task;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import tools.jackson.databind.node.ObjectNode;

/**
 * The single source of truth for what can run: every task, by name. Thread-safe; a change is visible to the
 * next listing at once. Tasks come from {@code @Task} methods found at start-up, from
 * {@link #registerAnnotated(Object)}, or from lambdas via {@link #register(TaskDefinition)}.
 */
public final class TaskRegistry {

    /** What a task name must look like. */
    public static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]+$");

    private static final Logger log = LoggerFactory.getLogger(TaskRegistry.class);

    private final ConcurrentNavigableMap<String, Registered> tasks = new ConcurrentSkipListMap<>();
    private final ParamBinder binder;
    private final TaskSchemas schemas;
    private final Set<String> disabledByConfiguration;

    public TaskRegistry(ParamBinder binder, Collection<String> disabledByConfiguration) {
        this.binder = binder;
        this.schemas = new TaskSchemas(binder.mapper());
        this.disabledByConfiguration = Set.copyOf(disabledByConfiguration);
    }

    /**
     * Adds a task.
     *
     * @return what clients will see of it
     * @throws IllegalArgumentException for a bad name, a name already taken (both places are named), or a
     *                                  parameter that cannot be bound from JSON
     */
    public TaskInfo register(TaskDefinition task) {
        if (!NAME.matcher(task.name()).matches()) {
            throw new IllegalArgumentException(task.source() + ": task name '" + task.name()
                    + "' must match " + NAME.pattern());
        }
        try {
            binder.verify(task);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        boolean enabled = task.enabled() && !disabledByConfiguration.contains(task.name());
        Registered entry = new Registered(task, schemas.describe(task, enabled));
        Registered existing = tasks.putIfAbsent(task.name(), entry);
        if (existing != null) {
            throw new IllegalArgumentException("task name '" + task.name() + "' is used twice: by "
                    + existing.task().source() + " and by " + task.source());
        }
        log.debug("Registered task '{}' from {}", task.name(), task.source());
        return entry.info();
    }

    /** Registers every {@code @Task} method of {@code bean} (a proxy's target class is the one scanned). */
    public List<TaskInfo> registerAnnotated(Object bean) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        return registerAnnotated(targetClass.getName(), bean, targetClass);
    }

    /** Registers all of a bean's tasks or, if one is refused, none of them. */
    List<TaskInfo> registerAnnotated(String beanName, Object bean, Class<?> targetClass) {
        List<TaskInfo> registered = new ArrayList<>();
        try {
            taskMethods(targetClass).entrySet().stream()
                    .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(Task::name)))
                    .forEach(entry -> registered.add(register(definition(entry.getValue(), bean, entry.getKey(), beanName))));
        } catch (RuntimeException e) {
            registered.forEach(info -> unregister(info.name()));
            throw e;
        }
        return registered;
    }

    /** The {@code @Task} methods of a class, with their annotations. */
    static Map<Method, Task> taskMethods(Class<?> targetClass) {
        return MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<Task>) method -> AnnotatedElementUtils.findMergedAnnotation(method, Task.class));
    }

    private static TaskDefinition definition(Task annotation, Object bean, Method method, String beanName) {
        try {
            return TaskDefinition.ofMethod(annotation, bean, method, beanName);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("task '" + annotation.name() + "': " + e.getMessage(), e);
        }
    }

    /** Removes a task; returns whether there was one. Jobs already accepted for it fail when they run. */
    public boolean unregister(String name) {
        return tasks.remove(name) != null;
    }

    /** Removes every task, for a hot reload that registers them again. */
    public void clear() {
        tasks.clear();
    }

    public Optional<TaskDefinition> get(String name) {
        Registered entry = tasks.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.task());
    }

    /** The task, or {@link TaskNotFoundException}. */
    public TaskDefinition require(String name) {
        return get(name).orElseThrow(() -> new TaskNotFoundException(name));
    }

    /**
     * The call a request for the task named {@code name} with {@code params} would make, checked as {@code $execute}
     * checks it.
     *
     * @throws TaskNotFoundException  when no task has that name
     * @throws TaskDisabledException  when the task is disabled
     * @throws InvalidParamsException when the params are refused
     */
    public BoundCall call(String name, @Nullable ObjectNode params) {
        TaskDefinition task = require(name);
        if (!isEnabled(name)) {
            throw new TaskDisabledException(name);
        }
        return binder.bind(task, params);
    }

    public Optional<TaskInfo> info(String name) {
        Registered entry = tasks.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.info());
    }

    /** Whether the task may run: enabled by its definition and not disabled by {@code chapkit.tasks.disabled}. */
    public boolean isEnabled(String name) {
        Registered entry = tasks.get(name);
        return entry != null && entry.info().enabled();
    }

    /** Every task, sorted by name. */
    public List<TaskInfo> list() {
        return listByTags(List.of());
    }

    /** The tasks that carry ALL of {@code tags}, sorted by name; no tags means every task. */
    public List<TaskInfo> listByTags(Collection<String> tags) {
        List<TaskInfo> result = new ArrayList<>();
        for (Registered entry : tasks.values()) {
            if (entry.task().tags().containsAll(tags)) {
                result.add(entry.info());
            }
        }
        return result;
    }

    private record Registered(TaskDefinition task, TaskInfo info) {
    }
}

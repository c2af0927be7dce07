package org.chapkit.tasks.task;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.executable.ExecutableValidator;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/** Calls a lambda task: the bound arguments build its params record through the canonical constructor. */
final class RecordTaskInvoker<P extends Record> implements TaskInvoker {

    private final Constructor<P> constructor;
    private final TaskFunction<P> body;
    private final String source;
    private final List<TaskParameter> parameters;

    RecordTaskInvoker(Class<P> paramsType, TaskFunction<P> body, String source) {
        RecordComponent[] components = paramsType.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            this.constructor = paramsType.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(source + ": " + paramsType.getName() + " has no canonical constructor", e);
        }
        ReflectionUtils.makeAccessible(constructor);
        this.body = body;
        this.source = source + " (params " + paramsType.getName() + ")";
        Parameter[] declared = constructor.getParameters();
        List<TaskParameter> bound = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            // Record component annotations reach the canonical constructor's parameters, where validation reads them.
            bound.add(TaskParameter.of(declared[i], components[i].getName(), i));
        }
        this.parameters = List.copyOf(bound);
    }

    @Override
    public List<TaskParameter> parameters() {
        return parameters;
    }

    @Override
    public int arity() {
        return parameters.size();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Executable executable() {
        return constructor;
    }

    @Override
    public Set<ConstraintViolation<Object>> validate(ExecutableValidator validator, @Nullable Object[] arguments) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Set<ConstraintViolation<Object>> violations = (Set) validator.validateConstructorParameters(constructor, arguments);
        return violations;
    }

    @Override
    public @Nullable Object invoke(@Nullable Object[] arguments, TaskContext context) throws Exception {
        return TaskInvoker.unwrap(() -> body.apply(constructor.newInstance(arguments), context));
    }
}

package org.chapkit.tasks.task;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.executable.ExecutableValidator;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Calls an annotated method on its bean. The method is invoked through the bean as Spring holds it (so a
 * proxy's advice applies), and {@link TaskContext} parameters are filled in by type.
 */
final class MethodTaskInvoker implements TaskInvoker {

    private final Object bean;
    private final Method method;
    private final Method invocable;
    private final String source;
    private final List<TaskParameter> parameters;
    private final boolean[] injected;

    MethodTaskInvoker(Object bean, Method method, String beanName) {
        this.bean = bean;
        this.method = method;
        this.invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(invocable);
        this.source = "bean '" + beanName + "' method " + ClassUtils.getQualifiedMethodName(method)
                + describeParameterTypes(method);
        Parameter[] declared = method.getParameters();
        this.injected = new boolean[declared.length];
        List<TaskParameter> bound = new ArrayList<>();
        for (int i = 0; i < declared.length; i++) {
            if (TaskContext.class.isAssignableFrom(declared[i].getType())) {
                injected[i] = true;
            } else {
                if (!declared[i].isNamePresent()) {
                    throw new IllegalStateException(source + ": parameter names are not available; compile with -parameters");
                }
                bound.add(TaskParameter.of(declared[i], declared[i].getName(), i));
            }
        }
        this.parameters = List.copyOf(bound);
    }

    private static String describeParameterTypes(Method method) {
        StringBuilder text = new StringBuilder("(");
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }

    @Override
    public List<TaskParameter> parameters() {
        return parameters;
    }

    @Override
    public int arity() {
        return injected.length;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Executable executable() {
        return method;
    }

    @Override
    public Set<ConstraintViolation<Object>> validate(ExecutableValidator validator, @Nullable Object[] arguments) {
        // Validate against the target object: a JDK proxy does not carry the implementation's constraints.
        Object target = AopProxyUtils.getSingletonTarget(bean);
        return validator.validateParameters(target != null ? target : bean, method, arguments);
    }

    @Override
    public @Nullable Object invoke(@Nullable Object[] arguments, TaskContext context) throws Exception {
        Object[] call = arguments.clone();
        for (int i = 0; i < injected.length; i++) {
            if (injected[i]) {
                call[i] = context;
            }
        }
        return TaskInvoker.unwrap(() -> invocable.invoke(bean, call));
    }
}

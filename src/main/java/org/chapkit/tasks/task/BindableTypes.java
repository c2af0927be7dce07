package org.chapkit.tasks.task;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Decides at start-up whether a parameter type can be bound from JSON, so that a task nobody can call fails
 * the start rather than its first request. Values, enums, the java.time types of {@link TimeTypes}, collections and maps of bindable types,
 * records and plain classes with a constructor Jackson can use are bindable; streams, threads, interfaces and
 * other JDK types that JSON does not describe are not.
 */
final class BindableTypes {

    private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, CharSequence.class, BigDecimal.class,
            BigInteger.class, Number.class, UUID.class, URI.class, Locale.class, Currency.class, Object.class,
            OptionalInt.class, OptionalLong.class, OptionalDouble.class, byte[].class);

    private BindableTypes() {
    }

    /** Why {@code type} cannot be bound, or {@code null} when it can. */
    static @Nullable String problem(Type type) {
        return problem(ResolvableType.forType(type), new HashSet<>());
    }

    private static @Nullable String problem(ResolvableType type, Set<Class<?>> seen) {
        Class<?> raw = type.resolve();
        if (raw == null) {
            return "its type is not concrete (a type variable or wildcard)";
        }
        if (raw.isPrimitive() || ClassUtils.isPrimitiveWrapper(raw) || VALUE_TYPES.contains(raw) || raw.isEnum()
                || JsonNode.class.isAssignableFrom(raw) || TimeTypes.isTimeType(raw)) {
            return null;
        }
        if (raw.isArray()) {
            return problem(type.getComponentType(), seen);
        }
        if (raw == Optional.class || Collection.class.isAssignableFrom(raw)) {
            return problem(type.getGeneric(0), seen);
        }
        if (Map.class.isAssignableFrom(raw)) {
            Class<?> key = type.getGeneric(0).resolve(Object.class);
            if (!(key == String.class || key == Object.class || key.isEnum() || ClassUtils.isPrimitiveWrapper(key) || key == UUID.class)) {
                return "map keys must be strings, numbers, enums or UUIDs, not " + key.getSimpleName();
            }
            return problem(type.getGeneric(1), seen);
        }
        if (!seen.add(raw)) {
            return null;
        }
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                String problem = problem(ResolvableType.forType(component.getGenericType(), type), seen);
                if (problem != null) {
                    return "record component '" + component.getName() + "': " + problem;
                }
            }
            return null;
        }
        if (raw.isAnnotationPresent(JsonTypeInfo.class) || raw.isAnnotationPresent(JsonDeserialize.class)) {
            return null;
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            return raw.getSimpleName() + " is an interface or abstract class that JSON cannot construct";
        }
        if (raw.getName().startsWith("java.") || raw.getName().startsWith("javax.") || raw.getName().startsWith("jakarta.")) {
            return raw.getName() + " is not a JSON value type";
        }
        return hasUsableConstructor(raw) ? null : raw.getSimpleName() + " has no constructor Jackson can use";
    }

    private static boolean hasUsableConstructor(Class<?> raw) {
        if (raw.getDeclaredConstructors().length == 0) {
            return false;
        }
        for (var constructor : raw.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 0 || constructor.isAnnotationPresent(JsonCreator.class)
                    || (Modifier.isPublic(constructor.getModifiers()) && raw.getDeclaredConstructors().length == 1)) {
                return true;
            }
        }
        for (var method : raw.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonCreator.class)) {
                return true;
            }
        }
        return false;
    }
}

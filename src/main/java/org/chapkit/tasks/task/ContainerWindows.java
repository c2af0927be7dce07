package org.chapkit.tasks.task;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedMap;
import java.util.SortedSet;

import org.jspecify.annotations.Nullable;

/**
 * Bound values seen a window of elements at a time.
 * <p>
 * Bean Validation spends time on the square of the number of alike violations it gathers in one call (a list of
 * 200,000 zeros under {@code @Positive} takes it minutes), while a valid list costs it time in proportion to its
 * length. So a value holding a long list, set, map or array is first checked a window at a time, each call seeing
 * at most {@value #SIZE} elements of every container; only when no window has a problem is the whole value checked,
 * which is then cheap.
 */
final class ContainerWindows {

    /** The most elements of one container a window shows. */
    static final int SIZE = 1000;

    private static final int MAX_DEPTH = 16;

    private ContainerWindows() {
    }

    /** The length of the longest list, set, map or array in {@code value} and the containers it holds; records are not entered. */
    static int longest(@Nullable Object value) {
        return longest(value, 0);
    }

    private static int longest(@Nullable Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return 0;
        }
        int longest = 0;
        if (value instanceof Collection<?> items) {
            longest = items.size();
            for (Object item : items) {
                longest = Math.max(longest, longest(item, depth + 1));
            }
        } else if (value instanceof Map<?, ?> map) {
            longest = map.size();
            for (Object item : map.values()) {
                longest = Math.max(longest, longest(item, depth + 1));
            }
        } else if (value instanceof Optional<?> optional) {
            longest = longest(optional.orElse(null), depth + 1);
        } else if (value.getClass().isArray()) {
            longest = Array.getLength(value);
            if (!value.getClass().getComponentType().isPrimitive()) {
                for (Object item : (Object[]) value) {
                    longest = Math.max(longest, longest(item, depth + 1));
                }
            }
        }
        return longest;
    }

    /** Whether a record in {@code value} (or {@code value} itself) holds a container longer than a window. */
    static boolean recordHoldsLong(@Nullable Object value) {
        return recordHoldsLong(value, 0);
    }

    private static boolean recordHoldsLong(@Nullable Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return false;
        }
        if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                Object held = read(value, component);
                if (longest(held) > SIZE || recordHoldsLong(held, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        for (Object item : elements(value)) {
            if (recordHoldsLong(item, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** The values a container holds (a map's values), or none for anything else. */
    static Iterable<?> elements(Object value) {
        if (value instanceof Collection<?> items) {
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values();
        }
        if (value instanceof Optional<?> optional) {
            return optional.stream().toList();
        }
        if (value instanceof Object[] array) {
            return List.of(array).stream().toList();
        }
        return List.of();
    }

    static @Nullable Object read(Object record, RecordComponent component) {
        try {
            java.lang.reflect.Method accessor = component.getAccessor();
            accessor.trySetAccessible();
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component + ": " + e.getMessage(), e);
        }
    }

    /**
     * A copy of {@code value} in which every container, at every depth, holds only its elements from {@code from}
     * to {@code from + SIZE}; the indexes of a problem found in it are {@code from} short of the whole value's.
     * Records and other values are kept as they are.
     */
    static @Nullable Object window(@Nullable Object value, int from) {
        return window(value, from, 0);
    }

    private static @Nullable Object window(@Nullable Object value, int from, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object item : list.subList(Math.min(from, list.size()), Math.min(from + SIZE, list.size()))) {
                copy.add(window(item, from, depth + 1));
            }
            return copy;
        }
        if (value instanceof Set<?> set) {
            Set<Object> copy = set instanceof SortedSet<?> sorted ? new TreeSet<>(castComparator(sorted.comparator()))
                    : new LinkedHashSet<>();
            Iterator<?> items = set.iterator();
            for (int i = 0; items.hasNext() && i < from + SIZE; i++) {
                Object item = items.next();
                if (i >= from) {
                    copy.add(window(item, from, depth + 1));
                }
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = map instanceof SortedMap<?, ?> sorted ? new TreeMap<>(castComparator(sorted.comparator()))
                    : new LinkedHashMap<>();
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            for (int i = 0; entries.hasNext() && i < from + SIZE; i++) {
                Map.Entry<?, ?> entry = entries.next();
                if (i >= from) {
                    copy.put(entry.getKey(), window(entry.getValue(), from, depth + 1));
                }
            }
            return copy;
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(item -> window(item, from, depth + 1));
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            int start = Math.min(from, length);
            int end = Math.min(from + SIZE, length);
            Object copy = Array.newInstance(value.getClass().getComponentType(), end - start);
            for (int i = start; i < end; i++) {
                Array.set(copy, i - start, window(Array.get(value, i), from, depth + 1));
            }
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Comparator<Object> castComparator(@Nullable Comparator<?> comparator) {
        return (Comparator<Object>) comparator;
    }
}

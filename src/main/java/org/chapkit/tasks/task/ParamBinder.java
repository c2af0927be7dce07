package org.chapkit.tasks.task;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON {@code params} of a request into the typed arguments of a task, strictly: an unknown name, a
 * missing required value, a value of the wrong JSON type (no {@code "1"} for an int, no {@code 1.5} for an int),
 * NaN or infinity ({@link FiniteNumbers}) and a broken Bean Validation constraint are all refused, together, in one
 * {@link InvalidParamsException}.
 * The same binder checks a request at the door and binds the stored params again when the job runs.
 */
public final class ParamBinder {

    /** How deep into records within records the constraints are checked. */
    private static final int MAX_NESTING = 16;

    private final JsonMapper mapper;
    private final Validator beanValidator;
    private final ExecutableValidator validator;

    public ParamBinder(JsonMapper applicationMapper, Validator validator) {
        this.mapper = strict(applicationMapper);
        this.beanValidator = validator;
        this.validator = validator.forExecutables();
    }

    /**
     * The mapper that binds parameters: the application's modules, snake_case names, no lenient coercion, and
     * java.time values only from the text forms their schemas describe (a Month by name, not by number).
     */
    static JsonMapper strict(JsonMapper applicationMapper) {
        return applicationMapper.rebuild()
                .propertyNamingStrategy(JsonNames.STRATEGY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DateTimeFeature.ONE_BASED_MONTHS)
                .addModule(new SimpleModule("chapkit-time-text").setDeserializerModifier(TimeTextOnly.modifier()))
                .addModule(FiniteNumbers.module())
                .defaultLeniency(false)
                .withCoercionConfigDefaults(config -> config
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                // A number or boolean is not a string: refuse {"name": 5} for a String parameter.
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    JsonMapper mapper() {
        return mapper;
    }

    /**
     * Binds and validates {@code params} for {@code task}.
     *
     * @param params a JSON object, or {@code null} for none
     * @return the arguments, and the params as they will be stored (defaults filled in)
     * @throws InvalidParamsException listing every offending parameter
     */
    public BoundCall bind(TaskDefinition task, @Nullable ObjectNode params) {
        ObjectNode input = params != null ? params : JsonNodeFactory.instance.objectNode();
        TaskInvoker invoker = task.invoker();
        Map<String, ParamError> errors = new LinkedHashMap<>();
        ObjectNode effective = JsonNodeFactory.instance.objectNode();
        @Nullable Object[] arguments = new Object[invoker.arity()];
        for (TaskParameter parameter : task.parameters()) {
            ParamError error = bindOne(parameter, input.get(parameter.name()), arguments, effective);
            if (error != null) {
                errors.put(parameter.name(), error);
            }
        }
        rejectUnknown(task, input, errors);
        addViolations(task, arguments, errors);
        if (!errors.isEmpty()) {
            throw new InvalidParamsException(task.name(), inDeclarationOrder(task, errors.values()));
        }
        return new BoundCall(task, effective, arguments);
    }

    /** Errors in the order the parameters are declared, unknown names last; stable for clients and tests. */
    private static List<ParamError> inDeclarationOrder(TaskDefinition task, java.util.Collection<ParamError> errors) {
        Map<String, Integer> position = new HashMap<>();
        task.parameters().forEach(parameter -> position.put(parameter.name(), position.size()));
        List<ParamError> ordered = new ArrayList<>(errors);
        ordered.sort(java.util.Comparator.comparingInt(
                (ParamError error) -> position.getOrDefault(BindingErrors.topLevel(error.param()), Integer.MAX_VALUE)));
        return ordered;
    }

    private @Nullable ParamError bindOne(TaskParameter parameter, @Nullable JsonNode given,
                                         @Nullable Object[] arguments, ObjectNode effective) {
        JsonNode node = given;
        if (node == null || node.isMissingNode()) {
            if (parameter.defaultJson() == null) {
                arguments[parameter.index()] = emptyValue(parameter);
                return parameter.nullable() ? null : new ParamError(parameter.name(), "is required");
            }
            node = mapper.readTree(parameter.defaultJson());
        }
        if (node.isNull() && !parameter.nullable()) {
            return new ParamError(parameter.name(), "must not be null");
        }
        effective.set(parameter.name(), node);
        if (node.isNull()) {
            arguments[parameter.index()] = emptyValue(parameter);
            return null;
        }
        String outOfRange = FiniteNumbers.outOfRange(parameter.name(), node);
        if (outOfRange != null) {
            return new ParamError(outOfRange, "is out of range for a number");
        }
        try {
            arguments[parameter.index()] = mapper.treeToValue(node, javaType(parameter));
            return nullItem(parameter, node);
        } catch (JacksonException e) {
            return BindingErrors.describe(parameter.name(), e);
        }
    }

    /** A null in a list admits only {@code @Nullable} items, as the parameter's schema says. */
    private static @Nullable ParamError nullItem(TaskParameter parameter, JsonNode node) {
        if (node.isArray() && !Nullability.itemsNullable(parameter.annotatedType())) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    return new ParamError(parameter.name() + "[" + i + "]", "must not be null");
                }
            }
        }
        return null;
    }

    private static @Nullable Object emptyValue(TaskParameter parameter) {
        return parameter.type() instanceof Class<?> raw && raw == Optional.class
                || parameter.type() instanceof java.lang.reflect.ParameterizedType type && type.getRawType() == Optional.class
                ? Optional.empty() : null;
    }

    private JavaType javaType(TaskParameter parameter) {
        return mapper.getTypeFactory().constructType(parameter.type());
    }

    private static void rejectUnknown(TaskDefinition task, ObjectNode input, Map<String, ParamError> errors) {
        Set<String> known = new HashSet<>();
        task.parameters().forEach(parameter -> known.add(parameter.name()));
        for (Iterator<String> names = input.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.put(name, new ParamError(name, known.isEmpty()
                        ? "is not a parameter of this task, which takes none"
                        : "is not a parameter of this task; it takes " + String.join(", ", sorted(known))));
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }

    private void addViolations(TaskDefinition task, @Nullable Object[] arguments, Map<String, ParamError> errors) {
        Map<Integer, TaskParameter> byIndex = new LinkedHashMap<>();
        task.parameters().forEach(parameter -> byIndex.put(parameter.index(), parameter));
        // What the parameters' own validation sees. A parameter already refused (a list refused for its first null,
        // say) is left out: its violations would be dropped, and they can be many and alike. So is a record holding
        // a long container: it is checked below, a window at a time.
        @Nullable Object[] checked = arguments.clone();
        Set<String> walkedOnly = new HashSet<>();
        int longest = 0;
        for (TaskParameter parameter : task.parameters()) {
            Object argument = arguments[parameter.index()];
            if (errors.containsKey(parameter.name())) {
                checked[parameter.index()] = emptyValue(parameter);
            } else if (ContainerWindows.recordHoldsLong(argument)) {
                checked[parameter.index()] = emptyValue(parameter);
                walkedOnly.add(parameter.name());
            } else {
                longest = Math.max(longest, ContainerWindows.longest(argument));
            }
        }
        Set<ParamError> found = new LinkedHashSet<>(); // a problem found through @Valid and again below is one
        if (longest > ContainerWindows.SIZE) {
            addFirstWindowWithProblems(task, checked, byIndex, longest, errors.keySet(), walkedOnly, found);
        }
        if (found.isEmpty()) {
            for (ConstraintViolation<Object> violation : task.invoker().validate(validator, checked)) {
                ParamError error = BindingErrors.describe(violation, byIndex);
                // A parameter that failed to bind, or that is checked below, is left out: its stand-in value would
                // only add noise.
                if (error != null && reported(error, errors.keySet(), walkedOnly)) {
                    found.add(error);
                }
            }
        }
        for (TaskParameter parameter : byIndex.values()) {
            if (!errors.containsKey(parameter.name())) {
                validateNested(arguments[parameter.index()], parameter.name(), found, 0);
            }
        }
        List<ParamError> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparing(ParamError::param).thenComparing(ParamError::message));
        for (ParamError error : sorted) {
            errors.putIfAbsent(error.param() + "\u0000" + error.message(), error);
        }
    }

    private static boolean reported(ParamError error, Set<String> refused, Set<String> walkedOnly) {
        String top = BindingErrors.topLevel(error.param());
        return !refused.contains(top) && !walkedOnly.contains(top);
    }

    /**
     * The problems of the first window of the parameters' containers that has any. A problem inside a container is
     * found in its window; one about a container as a whole (its size) is not, as the window is not the container:
     * those are left to the whole check, which runs when no window has a problem.
     */
    private void addFirstWindowWithProblems(TaskDefinition task, @Nullable Object[] checked, Map<Integer, TaskParameter> byIndex,
                                            int longest, Set<String> refused, Set<String> walkedOnly, Set<ParamError> found) {
        for (int from = 0; from < longest && found.isEmpty(); from += ContainerWindows.SIZE) {
            @Nullable Object[] window = new Object[checked.length];
            for (int i = 0; i < checked.length; i++) {
                window[i] = ContainerWindows.window(checked[i], from);
            }
            for (ConstraintViolation<Object> violation : task.invoker().validate(validator, window)) {
                ParamError error = BindingErrors.describe(violation, byIndex, from);
                if (error != null && BindingErrors.inContainer(violation) && reported(error, refused, walkedOnly)) {
                    found.add(error);
                }
            }
        }
    }

    /**
     * The constraints inside a record, and inside the records and lists of records it holds, whether or not the
     * task marked them {@code @Valid}: the parameters' schemas show those constraints, so binding keeps them. A path
     * already reported through {@code @Valid} is reported once. A record that holds a long container has each
     * component checked on its own, long ones a window at a time, and is checked whole only when none has a problem.
     */
    private void validateNested(@Nullable Object value, String path, Set<ParamError> found, int depth) {
        if (value == null || depth > MAX_NESTING) {
            return;
        }
        if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                validateNested(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (!value.getClass().isRecord()) {
            return;
        }
        boolean holdsLong = ContainerWindows.recordHoldsLong(value);
        int before = found.size();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            validateNested(ContainerWindows.read(value, component), path + "." + JsonNames.of(component.getName()), found, depth + 1);
        }
        if (holdsLong) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                validateComponent(value, component, path, found);
            }
        }
        if (!holdsLong || found.size() == before) {
            for (ConstraintViolation<Object> violation : beanValidator.validate(value)) {
                found.add(BindingErrors.describe(violation, path));
            }
        }
    }

    /** The constraints of one component of a record, without entering the records it holds. */
    private void validateComponent(Object record, RecordComponent component, String path, Set<ParamError> found) {
        @SuppressWarnings("unchecked")
        Class<Object> type = (Class<Object>) record.getClass();
        Object value = ContainerWindows.read(record, component);
        int longest = ContainerWindows.longest(value);
        if (longest <= ContainerWindows.SIZE) {
            for (ConstraintViolation<Object> violation : beanValidator.validateValue(type, component.getName(), value)) {
                found.add(BindingErrors.describe(violation, path));
            }
            return;
        }
        boolean any = false;
        for (int from = 0; from < longest && !any; from += ContainerWindows.SIZE) {
            Object window = ContainerWindows.window(value, from);
            for (ConstraintViolation<Object> violation : beanValidator.validateValue(type, component.getName(), window)) {
                if (BindingErrors.inContainer(violation)) {
                    found.add(BindingErrors.describe(violation, path, from));
                    any = true;
                }
            }
        }
    }

    /** Checks at registration that every parameter can be bound from JSON and that every default converts. */
    void verify(TaskDefinition task) {
        Set<String> names = new HashSet<>();
        for (TaskParameter parameter : task.parameters()) {
            String where = task.source() + ", parameter '" + parameter.name() + "'";
            if (!names.add(parameter.name())) {
                throw new IllegalStateException(where + ": another parameter already has that name");
            }
            String problem = BindableTypes.problem(parameter.type());
            if (problem != null) {
                throw new IllegalStateException(where + " of type " + parameter.type().getTypeName()
                        + " cannot be bound from JSON: " + problem);
            }
            if (parameter.defaultJson() != null) {
                verifyDefault(parameter, where);
            }
        }
    }

    private void verifyDefault(TaskParameter parameter, String where) {
        try {
            JsonNode node = mapper.readTree(parameter.defaultJson());
            if (!node.isNull()) {
                mapper.treeToValue(node, javaType(parameter));
            }
        } catch (JacksonException e) {
            throw new IllegalStateException(where + ": default value " + parameter.defaultJson()
                    + " is not valid for type " + parameter.type().getTypeName() + " (" + e.getOriginalMessage() + ")", e);
        }
    }
}

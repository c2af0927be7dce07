package org.chapkit.tasks.task;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;

/** The service's JSON naming: snake_case, for parameter names as for every field of every body. */
final class JsonNames {

    static final PropertyNamingStrategy STRATEGY = PropertyNamingStrategies.SNAKE_CASE;

    private JsonNames() {
    }

    @SuppressWarnings("DataFlowIssue") // NamingBase translates the name alone; the config is not consulted
    static String of(String javaName) {
        return STRATEGY.nameForField(null, null, javaName);
    }
}

package org.chapkit.tasks.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says in two lines, instead of a stack trace, why a second process on the same SQLite file does not start. */
class StoreInUseFailureAnalyzer extends AbstractFailureAnalyzer<StoreInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreInUseException cause) {
        return new FailureAnalysis(cause.getMessage() + ". One process at a time may use an embedded store.",
                "Stop the other process, give this one another chapkit.data-dir, or run several nodes on PostgreSQL "
                        + "(spring.datasource.url).", cause);
    }
}

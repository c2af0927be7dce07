package org.chapkit.tasks.job;

import org.chapkit.tasks.common.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LocationAwareLogger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The logger a task gets from {@code TaskContext.logger()}: a line it writes stays one line, whatever its params
 * hold. The message is formatted here and escaped with {@link LogText} (a task's lines are usually built from its
 * params), then handed on; a stack trace is logged as usual.
 */
final class TaskLogger extends LegacyAbstractLogger {

    private static final String FQCN = TaskLogger.class.getName();

    private final transient Logger delegate;

    TaskLogger(Logger delegate) {
        this.delegate = delegate;
        this.name = delegate.getName();
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return FQCN;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, @Nullable String pattern,
                                               @Nullable Object @Nullable [] arguments, @Nullable Throwable throwable) {
        String line = LogText.escape(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (delegate instanceof LocationAwareLogger located) {
            // the caller is the task, not this class: the line says where the task logged it
            located.log(marker, FQCN, level.toInt(), line, null, throwable);
        } else {
            LoggingEventBuilder event = delegate.makeLoggingEventBuilder(level).setCause(throwable);
            if (marker != null) {
                event.addMarker(marker);
            }
            event.log(line);
        }
    }
}

package org.chapkit.tasks.task;

import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.executable.ExecutableValidator;
import org.jspecify.annotations.Nullable;

/** How a task is called: an annotated bean method or a lambda over a params record. */
interface TaskInvoker {

    /** The bound parameters, in declaration order. */
    List<TaskParameter> parameters();

    /** The number of argument slots of the executable (bound and injected). */
    int arity();

    /** Where the task comes from, for messages. */
    String source();

    /** Checks the Bean Validation constraints of the executable against the bound arguments. */
    Set<ConstraintViolation<Object>> validate(ExecutableValidator validator, @Nullable Object[] arguments);

    @Nullable Object invoke(@Nullable Object[] arguments, TaskContext context) throws Exception;

    /** The executable whose parameters are the task's, for error messages. */
    Executable executable();

    /** Unwraps reflection and future wrappers so that the task's own exception reaches the caller. */
    static @Nullable Object unwrap(ThrowingCall call) throws Exception {
        Object result;
        try {
            result = call.call();
        } catch (InvocationTargetException e) {
            throw rethrowable(e.getCause());
        }
        if (result instanceof CompletionStage<?> stage) {
            Future<?> future = stage.toCompletableFuture();
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw rethrowable(e.getCause());
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            }
        }
        return result;
    }

    private static Exception rethrowable(@Nullable Throwable cause) {
        if (cause instanceof Exception exception) {
            return exception;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    @FunctionalInterface
    interface ThrowingCall {
        @Nullable Object call() throws Exception;
    }
}

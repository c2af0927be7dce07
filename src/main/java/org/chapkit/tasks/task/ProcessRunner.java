package org.chapkit.tasks.task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program for a task: an argument list (never a shell line, so nothing in a value is
 * interpreted), a timeout after which the process is killed, and stdout, stderr and the exit code captured.
 * Each stream keeps at most {@link #MAX_CAPTURE} bytes; the rest is read and dropped.
 *
 * <pre>{@code
 * ProcessRunner.Result result = ProcessRunner.run(List.of("uname", "-a"), Duration.ofSeconds(10));
 * }</pre>
 */
public final class ProcessRunner {

    /** The most bytes kept of each of stdout and stderr. */
    public static final int MAX_CAPTURE = 1 << 20;

    private ProcessRunner() {
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @throws ProcessTimeoutException when it runs longer than {@code timeout} (it is killed first)
     * @throws UncheckedIOException    when it cannot be started
     * @throws InterruptedException    when the calling thread is interrupted (a canceled job); it is killed first
     */
    public static Result run(List<String> command, Duration timeout) throws InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close(); // the program reads no input: it sees end-of-file at once
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ProcessTimeoutException(command, timeout);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        return new Result(command, process.exitValue(), stdout.join(), stderr.join());
    }

    private static String drain(InputStream stream) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            for (int n; (n = stream.read(buffer)) >= 0; ) {
                kept.write(buffer, 0, Math.max(0, Math.min(n, MAX_CAPTURE - kept.size())));
            }
        } catch (IOException e) {
            // The process was killed while we read; what was captured so far is what there is.
        }
        return kept.toString(StandardCharsets.UTF_8);
    }

    /**
     * How a program ended.
     *
     * @param command  the argument list that was run
     * @param exitCode its exit code (0 is success by convention)
     * @param stdout   what it wrote to standard output
     * @param stderr   what it wrote to standard error
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    }

    /** The program ran past its timeout and was killed. */
    public static class ProcessTimeoutException extends RuntimeException {

        public ProcessTimeoutException(List<String> command, Duration timeout) {
            super(String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms and was killed");
        }
    }
}

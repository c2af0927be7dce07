package org.chapkit.tasks.task;

/** A progress report's fraction as every {@link TaskContext} stores it. */
public final class ProgressFraction {

    private ProgressFraction() {
    }

    /** {@code fraction} within 0..1; NaN counts as 0. */
    public static double clamp(double fraction) {
        return Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    }
}

package org.chapkit.tasks.task;

/**
 * One rejected parameter.
 *
 * @param param   the parameter's name, with a path into it where the problem is nested ({@code values[2]},
 *                {@code address.zip})
 * @param message what is wrong, for a human
 */
public record ParamError(String param, String message) {
}

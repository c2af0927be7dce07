package org.chapkit.tasks.common;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing.
 *
 * @param items the entries on this page
 * @param total how many entries there are on all pages
 * @param page  this page's number, from 1
 * @param size  the page size asked for
 * @param pages how many pages there are
 */
public record Page<T>(List<T> items, long total, int page, int size, long pages) {

    public static <T> Page<T> of(List<T> items, long total, PageRequest request) {
        return new Page<>(items, total, request.page(), request.size(), (total + request.size() - 1) / request.size());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, size, pages);
    }
}

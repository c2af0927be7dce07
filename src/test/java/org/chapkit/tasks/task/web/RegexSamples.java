package org.chapkit.tasks.task.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes strings that a regular expression matches, for the subset of syntax the parameter schemas use:
 * literals, escapes ({@code \d \w \s \S} and escaped punctuation), classes with ranges ({@code [0-9+-]}),
 * groups with alternatives, and the quantifiers {@code ? * + {n} {n,} {n,m}}. A pattern without {@code ^}
 * or {@code $} matches anywhere (as JSON Schema's {@code pattern} does), so random text goes around it.
 */
final class RegexSamples {

    private static final String PRINTABLE = "abcXYZ019 _-+:.,/@é€\t";
    private static final int OPEN_REPEAT = 4;

    private final String pattern;
    private final Random random;
    private int at;

    private RegexSamples(String pattern, Random random) {
        this.pattern = pattern;
        this.random = random;
    }

    static String sample(String pattern, Random random) {
        RegexSamples parser = new RegexSamples(pattern, random);
        Node node = parser.alternatives();
        if (parser.at != pattern.length()) {
            throw new IllegalArgumentException("unsupported regex syntax at " + parser.at + " in " + pattern);
        }
        StringBuilder out = new StringBuilder();
        if (!pattern.startsWith("^")) {
            out.append(parser.noise());
        }
        node.append(out, random);
        if (!pattern.endsWith("$")) {
            out.append(parser.noise());
        }
        return out.toString();
    }

    private String noise() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
            text.append(PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
        }
        return text.toString();
    }

    private interface Node {
        void append(StringBuilder out, Random random);
    }

    private Node alternatives() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (at < pattern.length() && pattern.charAt(at) == '|') {
            at++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.get(0)
                : (out, random) -> options.get(random.nextInt(options.size())).append(out, random);
    }

    private Node sequence() {
        List<Node> parts = new ArrayList<>();
        while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
            parts.add(quantified(atom()));
        }
        return (out, random) -> parts.forEach(part -> part.append(out, random));
    }

    private Node atom() {
        char c = pattern.charAt(at++);
        switch (c) {
            case '^', '$' -> {
                return (out, random) -> { };
            }
            case '(' -> {
                if (pattern.startsWith("?:", at)) {
                    at += 2;
                }
                Node inner = alternatives();
                expect(')');
                return inner;
            }
            case '[' -> {
                String chars = characterClass();
                return oneOf(chars);
            }
            case '\\' -> {
                return oneOf(escape(pattern.charAt(at++)));
            }
            case '.' -> {
                return oneOf(PRINTABLE.replace("\t", ""));
            }
            default -> {
                return (out, random) -> out.append(c);
            }
        }
    }

    private static Node oneOf(String chars) {
        return (out, random) -> out.append(chars.charAt(random.nextInt(chars.length())));
    }

    private static String escape(char c) {
        return switch (c) {
            case 'd' -> "0123456789";
            case 'w' -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
            case 's' -> " \t";
            case 'S' -> "abcXYZ019_-+:.,/@é€";
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new IllegalArgumentException("unsupported escape \\" + c);
                }
                yield String.valueOf(c);
            }
        };
    }

    private String characterClass() {
        if (pattern.charAt(at) == '^') {
            throw new IllegalArgumentException("negated classes are not supported: " + pattern);
        }
        StringBuilder chars = new StringBuilder();
        while (pattern.charAt(at) != ']') {
            char c = pattern.charAt(at++);
            if (c == '\\') {
                chars.append(escape(pattern.charAt(at++)));
            } else if (pattern.charAt(at) == '-' && pattern.charAt(at + 1) != ']') {
                char end = pattern.charAt(at + 1);
                at += 2;
                for (char x = c; x <= end; x++) {
                    chars.append(x);
                }
            } else {
                chars.append(c);
            }
        }
        at++;
        return chars.toString();
    }

    private Node quantified(Node atom) {
        if (at >= pattern.length()) {
            return atom;
        }
        int min;
        int max;
        switch (pattern.charAt(at)) {
            case '?' -> { min = 0; max = 1; at++; }
            case '*' -> { min = 0; max = OPEN_REPEAT; at++; }
            case '+' -> { min = 1; max = OPEN_REPEAT; at++; }
            case '{' -> {
                int close = pattern.indexOf('}', at);
                String[] bounds = pattern.substring(at + 1, close).split(",", -1);
                min = Integer.parseInt(bounds[0]);
                max = bounds.length == 1 ? min : bounds[1].isEmpty() ? min + OPEN_REPEAT : Integer.parseInt(bounds[1]);
                at = close + 1;
            }
            default -> {
                return atom;
            }
        }
        int low = min;
        int high = max;
        return (out, random) -> {
            for (int i = low + random.nextInt(high - low + 1); i > 0; i--) {
                atom.append(out, random);
            }
        };
    }

    private void expect(char c) {
        if (at >= pattern.length() || pattern.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + pattern);
        }
        at++;
    }
}

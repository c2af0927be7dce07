package org.chapkit.tasks.web;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Values no well-behaved client sends: text with control characters, unpaired surrogates and bidi marks; ids that
 * are nearly ULIDs; path traversal; percent-encodings of any byte, invalid UTF-8 among them; JSON that is deeply
 * nested, huge, has a key twice or numbers beyond any range. Text that looks like the service's insides is left
 * out ({@link AnswerChecks#harmless}), so that an echo of it is not taken for a leak.
 */
final class HostileValues {

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Values chosen by hand, each a way a value goes wrong somewhere. */
    private static final List<String> CURATED = List.of("", " ", "\t", "null", "undefined", "true", "0", "-0", "-1", "00",
            "1e400", "-1e400", "1e-400", "NaN", "-Infinity", "Infinity", "0x10", "9223372036854775808", "2147483648",
            "-2147483649", "1.5", "١٢", "../../etc/passwd", "..\\..\\windows", "/", "//", "%2e%2e%2f", "%00", "\u0000",
            "a\r\nX-Injected: 1", "<script>alert(1)</script>", "' OR '1'='1", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}",
            "\u202eabc", "\ufeff", "\ud800", "\udfff", "🦄", "greet_user\u0000", "GREET_USER", "greet_user ", "pending",
            "PENDING", "running,completed", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "81ARZ3NDEKTSV4RRFFQ69G5FAV",
            "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAVX", "01arz3ndektsv4rrffq69g5fav", "0IL0O0U0IL0O0U0IL0O0U0IL0O");

    private HostileValues() {
    }

    /** Any text: random code units (control characters and lone surrogates included), hand-picked values, very long ones. */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                        weighted(4, Arbitraries.strings().all().ofMaxLength(40)),
                        weighted(2, Arbitraries.strings().withCharRange('\u0000', '\u001f')
                                .withChars('\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\u202e', '\ufeff', 'a', '/').ofMaxLength(12)),
                        weighted(4, Arbitraries.of(CURATED)),
                        weighted(2, ulidLike()),
                        weighted(1, Arbitraries.strings().withChars("a/.%\\;é\u0000").ofMinLength(2_000).ofMaxLength(9_000)))
                .filter(AnswerChecks::harmless);
    }

    /** 25 to 27 characters, mostly Crockford base32, sometimes with the letters it leaves out or in lower case. */
    static Arbitrary<String> ulidLike() {
        Arbitrary<String> nearly = Arbitraries.strings().withChars(CROCKFORD + "ILOUilou*-_ ~").ofMinLength(25).ofMaxLength(27);
        Arbitrary<String> wellFormed = Arbitraries.strings().withChars(CROCKFORD).ofLength(25).map(rest -> "0" + rest);
        return Arbitraries.oneOf(nearly, wellFormed, Arbitraries.of("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "80000000000000000000000000"));
    }

    /** A path segment as it goes on the wire: pieces of visible ASCII, percent-encoded bytes and dot segments. */
    static Arbitrary<String> rawSegment() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.strings().withCharRange('!', '~').excludeChars('/', '?', '#', '%').ofMinLength(1).ofMaxLength(8)),
                weighted(3, percentEncodedBytes()),
                weighted(2, Arbitraries.of(".", "..", "%2e", "%2E%2e", ";", ";x=1", "%2f", "%2F", "%5c", "%00", "%", "%z", "%%",
                        "%c0%af", "%e2%80%ae", "%ed%a0%80", "%f4%90%80%80", "~", "$", "$stream", "$execute", "\\", "*")));
        return piece.list().ofMinSize(1).ofMaxSize(6).map(pieces -> String.join("", pieces))
                .filter(segment -> AnswerChecks.harmless(decoded(segment)));
    }

    /** Percent-encoded bytes, valid UTF-8 or not. */
    static Arbitrary<String> percentEncodedBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4).map(bytes -> {
            StringBuilder encoded = new StringBuilder();
            for (byte b : bytes) {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
            return encoded.toString();
        });
    }

    /** Text and percent-encodings as a query parameter's value on the wire ({@code &}, {@code =} and {@code +} included). */
    static Arbitrary<String> rawQueryValue() {
        return Arbitraries.oneOf(rawSegment(), Arbitraries.of("", "&", "=", "+1", "1&page=2", "%26", "1%00", "%ff", "%c3%28", "1;x"),
                Arbitraries.strings().numeric().withChars('-', '+', 'e', '.').ofMaxLength(25));
    }

    /** Bytes as text, one char per byte, for a raw request. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Percent-encoded text as it decodes, the bytes read as UTF-8 with replacement characters: what an echo may show. */
    static String decoded(String percentEncoded) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < percentEncoded.length(); i++) {
            char c = percentEncoded.charAt(i);
            if (c == '%' && isHex(percentEncoded, i + 1) && isHex(percentEncoded, i + 2)) {
                bytes.write(HexFormat.fromHexDigits(percentEncoded, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int at) {
        return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
    }

    /** A JSON number's text, also the ones no parser should take quietly. */
    static Arbitrary<String> numberText() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e400", "-1e400", "1e-400", "-0", "-0.0", "0.0e0", "1E+2", "4.9e-324", "1.7976931348623157e308",
                        "1.7976931348623159e308", "9223372036854775808", "-9223372036854775809", "2147483648", "123456789012345678901234567890",
                        "0." + "0".repeat(900) + "1", "1" + "0".repeat(1_100)),
                Arbitraries.bigDecimals().ofScale(3).map(java.math.BigDecimal::toPlainString),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(value -> JsonNodeFactory.instance.numberNode(value).toString()));
    }

    /** Text that is not JSON, or not quite. */
    static Arbitrary<String> brokenJsonText() {
        return Arbitraries.of("NaN", "Infinity", "-Infinity", "0x10", "01", ".5", "1.", "+1", "'a'", "{'params':{}}", "{params:{}}",
                "{\"params\":{},}", "[1,]", "{\"params\":{}} {}", "{\"params\":{}}]", "/* c */{}", "// c\n{}", "\"\\ud800\"",
                "\"\\u00\"", "\"\u0001\"", "{\"params\"", "{\"params\":", "{", "[", "\"", "}", "tru", "nul", "\ufeff{}", "{}\u0000");
    }

    /** A JSON value as text, built to break things: hostile strings and numbers, a key twice, wrong types, depth. */
    static Arbitrary<String> jsonText() {
        return Arbitraries.recursive(HostileValues::jsonScalar, HostileValues::jsonContainerOf, 0, 4);
    }

    private static Arbitrary<String> jsonScalar() {
        return Arbitraries.frequencyOf(
                weighted(8, text().map(HostileValues::quoted)),
                weighted(8, numberText()),
                weighted(3, Arbitraries.of("true", "false", "null")),
                weighted(1, brokenJsonText()));
    }

    private static Arbitrary<String> jsonContainerOf(Arbitrary<String> inner) {
        Arbitrary<String> key = Arbitraries.oneOf(text(), Arbitraries.of("params", "name", "values", "seconds", "steps", "to", "message"))
                .map(HostileValues::quoted);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(key, inner).as((k, v) -> k + ":" + v).list().ofMaxSize(4)
                .map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> duplicate = Combinators.combine(key, inner, inner).as((k, a, b) -> "{" + k + ":" + a + "," + k + ":" + b + "}");
        return Arbitraries.frequencyOf(weighted(3, array), weighted(3, object), weighted(1, duplicate), weighted(1, inner));
    }

    /** Nesting a parser refuses or nearly refuses, and lists long enough to fill the body limit. */
    static Arbitrary<String> hugeJsonText() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(400, 3_000).edgeCases(edges -> edges.add(499).add(500).add(501));
        Arbitrary<String> arrays = depth.map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> objects = depth.map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n));
        Arbitrary<String> longList = Combinators.combine(Arbitraries.of("null", "0", "-1", "\"\"", "\" \"", "true", "1.5", "1e400", "[]", "{}"),
                        Arbitraries.integers().between(1_000, 150_000))
                .as((item, count) -> "[" + String.join(",", java.util.Collections.nCopies(count, item)) + "]");
        Arbitrary<String> longString = Arbitraries.integers().between(10_000, 1_100_000).map(n -> quoted("x".repeat(n)));
        return Arbitraries.oneOf(arrays, objects, longList, longString);
    }

    static String quoted(String text) {
        return JsonNodeFactory.instance.stringNode(text).toString();
    }

    private static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return net.jqwik.api.Tuple.of(weight, arbitrary);
    }
}

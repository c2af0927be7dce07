package org.chapkit.tasks.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from outside, as it goes into a log line: on one line, its control characters visible. */
class LogTextTest {

    @Test
    void lineBreaksAndOtherControlCharactersAreWrittenAsEscapes() {
        assertThat(LogText.escape("a\r\nb\nc\rd")).isEqualTo("a\\r\\nb\\nc\\rd");
        assertThat(LogText.escape("tab\there")).isEqualTo("tab\\there");
        assertThat(LogText.escape("\u001b[31mred\u0000\u007f\u0085")).isEqualTo("\\u001b[31mred\\u0000\\u007f\\u0085");
        assertThat(LogText.escape("line\u2028separator\u2029")).isEqualTo("line\\u2028separator\\u2029");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "Grüße, 世界! \\n is two characters; \"quotes\" and {} too";
        assertThat(LogText.escape(text)).isSameAs(text);
        assertThat(LogText.escape(null)).isEqualTo("null");
        assertThat(LogText.escape(42)).isEqualTo("42");
    }
}

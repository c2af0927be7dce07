package org.chapkit.tasks.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Why a body is not JSON, said without the parser's insides: no class, setting or source names, and where it went wrong. */
class JsonErrorsTest {

    /** A mapper that reads as strictly as the service's, with small limits. */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(25).maxNumberLength(20).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NaN                        | Non-standard token 'NaN' (line 1, column 4)
            +1                         | JSON spec does not allow numbers to have plus signs (line 1, column 2)
            {"params": {}} {}          | Trailing token (START_OBJECT) found after value (line 1, column 16)
            [                          | Unexpected end-of-input: expected close marker for Array (line 1, column 2)
            {"params": 1.0             | Unexpected end-of-input: expected close marker for Object (line 1, column 15)
            /* c */ {}                 | maybe a (non-standard) comment? (line 1, column 1)
            {"a": 1, "a": 2}           | Duplicate Object property "a" (line 1, column 13)
            [[[[[[[[[[[[[[[[[[[[[[[[[[ | Document nesting depth (26) exceeds the maximum allowed (25)
            123456789012345678901234   | Number value length (24) exceeds the maximum allowed (20)
            """)
    void aParsersMessageKeepsWhatWentWrongAndWhere(String body, String kept) {
        JacksonException error = catchThrowableOfType(JacksonException.class,
                () -> MAPPER.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class));
        String text = JsonErrors.describe(error);
        assertThat(text).endsWith(kept);
        assertThat(text).doesNotContain("`", "Source", "REDACTED", "Feature", "StreamReadConstraints", "JsonToken", "bound as");
    }
}

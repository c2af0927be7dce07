package org.chapkit.tasks.web;

import org.chapkit.tasks.common.ChapkitJson;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link ChapkitJsonConverter} ahead of the application's converters. */
@Component
class ChapkitJsonConverters implements WebMvcConfigurer {

    private final JsonMapper json;

    ChapkitJsonConverters(@ChapkitJson JsonMapper json) {
        this.json = json;
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        converters.addCustomConverter(new ChapkitJsonConverter(json));
    }
}

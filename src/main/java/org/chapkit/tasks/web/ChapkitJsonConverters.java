package org.chapkit.tasks.web;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.web.security.ApiKeys;
import org.chapkit.tasks.web.security.Callers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link ChapkitJsonConverter} ahead of the application's converters. */
@Component
class ChapkitJsonConverters implements WebMvcConfigurer {

    private final JsonMapper json;
    private final boolean open;

    ChapkitJsonConverters(@ChapkitJson JsonMapper json, ObjectProvider<ApiKeys> keys) {
        this.json = json;
        ApiKeys configured = keys.getIfAvailable();
        this.open = configured == null || configured.open();
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        // Without keys everyone may do everything, tracebacks included.
        converters.addCustomConverter(new ChapkitJsonConverter(json, () -> open || Callers.isAdmin()));
    }
}

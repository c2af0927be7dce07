package org.chapkit.tasks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The bundled service: chapkit-tasks on its own, with the example tasks, as {@code ./mvnw spring-boot:run} and the
 * {@code -exec} jar run it. Its settings are {@code bundled-service.yml} beside this class ({@link BundledServiceDefaults});
 * an application that depends on the library has its own main class and settings, and none of these.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = UserDetailsServiceAutoConfiguration.class) // keys are the only credentials
public class ChapkitTasksApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChapkitTasksApplication.class, args);
    }
}

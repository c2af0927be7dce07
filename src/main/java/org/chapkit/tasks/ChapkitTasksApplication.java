package org.chapkit.tasks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ChapkitTasksApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChapkitTasksApplication.class, args);
    }
}

package io.continuityhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ContinuityHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContinuityHubApplication.class, args);
    }
}

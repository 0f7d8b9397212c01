package io.continuityhub.platform;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code hub.ops.*}: the login of the read/operate API and Hawtio. No password outside the sandbox. */
@Validated
@ConfigurationProperties("hub.ops")
public record OpsProperties(
        @NotBlank(message = "set HUB_OPS_USER") String user,
        @NotBlank(message = "set HUB_OPS_PASSWORD (or run with the sandbox profile for its development value)") String password) {
}

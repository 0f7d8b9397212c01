package io.continuityhub.platform.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.ops.*}: the built-in login of the API and Hawtio, and its roles. No password outside
 * the sandbox. It reads (role ops) unless given more; people who answer escalations or change
 * identities get logins of their own ({@code hub.security.users}).
 */
@Validated
@ConfigurationProperties("hub.ops")
public record OpsProperties(
        @NotBlank(message = "set HUB_OPS_USER") String user,
        @NotBlank(message = "set HUB_OPS_PASSWORD (or run with the sandbox profile for its development value)") String password,
        @NotEmpty @DefaultValue("ops") List<HubRole> roles) {
}

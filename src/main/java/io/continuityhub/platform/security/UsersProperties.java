package io.continuityhub.platform.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.security.*}: the people who log in besides the ops user, and how roles are read from
 * an OIDC provider's tokens when the hub is a resource server.
 */
@Validated
@ConfigurationProperties("hub.security")
public record UsersProperties(
        @Valid @DefaultValue List<User> users,
        @DefaultValue("false") boolean allowPlainPasswords,
        @Valid @DefaultValue Oidc oidc) {

    /**
     * One login. The password is stored hashed, in Spring Security's {@code {id}hash} form
     * ({@code {bcrypt}$2a$10$…}); a plain one is refused unless {@code allow-plain-passwords}.
     */
    public record User(
            @NotBlank(message = "every hub.security.users entry needs a name") String name,
            @NotBlank(message = "every hub.security.users entry needs a password hash, e.g. {bcrypt}$2a$10$…") String password,
            @NotEmpty(message = "every hub.security.users entry needs roles: agent, ops and/or admin") List<HubRole> roles) {
    }

    /** The claim of a bearer token (JWT) that lists the hub's role names. */
    public record Oidc(@DefaultValue("roles") String rolesClaim) {
    }
}

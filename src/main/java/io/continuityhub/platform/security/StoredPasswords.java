package io.continuityhub.platform.security;

import java.util.regex.Pattern;

/**
 * The passwords of {@code hub.security.users} are kept as hashes in config, in Spring Security's
 * {@code {id}hash} form, so a leaked config file does not leak logins. A plain or {@code {noop}}
 * one is refused at start-up unless {@code hub.security.allow-plain-passwords} (the sandbox).
 */
final class StoredPasswords {

    private static final Pattern HASHED = Pattern.compile("^\\{(bcrypt|argon2@SpringSecurity_v5_8|argon2|pbkdf2@SpringSecurity_v5_8|pbkdf2|scrypt@SpringSecurity_v5_8|scrypt)}.+");

    private StoredPasswords() {
    }

    static String check(UsersProperties.User user, boolean allowPlain) {
        if (HASHED.matcher(user.password()).matches()) {
            return user.password();
        }
        if (allowPlain) {
            return user.password().startsWith("{noop}") ? user.password() : "{noop}" + user.password();
        }
        throw new IllegalStateException("hub.security.users: the password of '" + user.name()
                + "' is not a hash; store it as {bcrypt}… (e.g. htpasswd -bnBC 10 '' secret | tr -d ':' "
                + "and prefix {bcrypt}), or set hub.security.allow-plain-passwords only in a sandbox");
    }
}
